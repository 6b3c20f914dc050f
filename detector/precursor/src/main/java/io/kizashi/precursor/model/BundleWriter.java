package io.kizashi.precursor.model;

import io.kizashi.precursor.features.FeatureSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes a model bundle folder (see {@link ModelBundle}) and loads it back once to prove it verifies. */
public final class BundleWriter {

    private BundleWriter() {
    }

    /**
     * Writes {@code root/<name>/<version>/}; refuses to overwrite an existing version (bundles are immutable).
     *
     * @param golden feature vectors whose probabilities are recorded as the bundle's golden outputs
     * @return the bundle as loaded back from disk
     */
    public static ModelBundle write(Path root, String name, String version, TribuoPrecursorModel model, int horizonBuckets,
                                    Duration bucketSpan, double threshold, Map<String, Object> provenance,
                                    Map<String, Object> evaluation, List<double[]> golden, String modelCard) {
        Path dir = root.resolve(name).resolve(version);
        if (Files.exists(dir)) {
            throw new BundleException("model bundle " + dir + " already exists; bundles are immutable - choose a new --version");
        }
        FeatureSchema schema = model.schema();
        try {
            Path tmp = Files.createDirectories(root.resolve(name)).resolve("." + version + ".partial");
            deleteTree(tmp);
            Files.createDirectories(tmp);
            model.tribuoModel().serializeToFile(tmp.resolve(ModelBundle.MODEL));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (double[] f : golden) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("features", f);
                row.put("probability", model.probability(f));
                rows.add(row);
            }
            ModelBundle.writeJson(tmp.resolve(ModelBundle.GOLDEN), Map.of("rows", rows));
            ModelBundle.writeJson(tmp.resolve(ModelBundle.EVALUATION), new TreeMap<>(evaluation));
            Files.writeString(tmp.resolve(ModelBundle.CARD), modelCard, StandardCharsets.UTF_8);
            Map<String, String> files = new TreeMap<>();
            for (String f : List.of(ModelBundle.MODEL, ModelBundle.GOLDEN, ModelBundle.EVALUATION, ModelBundle.CARD)) {
                files.put(f, ModelBundle.sha256(tmp.resolve(f)));
            }
            BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, name, version, schema, horizonBuckets,
                    bucketSpan.toString(), ModelBundle.MODEL, model.tribuoModel().getClass().getName(), model.calibration(),
                    threshold, provenance, evaluation, files);
            ModelBundle.writeJson(tmp.resolve(ModelBundle.MANIFEST), manifest);
            files.put(ModelBundle.MANIFEST, ModelBundle.sha256(tmp.resolve(ModelBundle.MANIFEST)));
            StringBuilder sums = new StringBuilder();
            files.forEach((f, h) -> sums.append(h).append("  ").append(f).append('\n'));
            Files.writeString(tmp.resolve(ModelBundle.SUMS), sums, StandardCharsets.UTF_8);
            Files.move(tmp, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model bundle " + dir, e);
        }
        return ModelBundle.load(dir, schema);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
