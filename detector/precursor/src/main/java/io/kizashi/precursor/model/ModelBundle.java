package io.kizashi.precursor.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kizashi.precursor.features.FeatureSchema;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded, verified model bundle: folder {@code models/<name>/<version>/} with
 * <ul>
 *   <li>{@code model.tribuo}: the Tribuo model in Tribuo's protobuf format (no Java serialisation);</li>
 *   <li>{@code manifest.json}: {@link BundleManifest};</li>
 *   <li>{@code golden.json}: feature vectors and the probabilities this bundle gave them when written;</li>
 *   <li>{@code evaluation.json} and {@code MODEL_CARD.md}: figures and a short description;</li>
 *   <li>{@code SHA256SUMS}: checksums of every file above ({@code sha256sum -c SHA256SUMS} verifies it).</li>
 * </ul>
 * Loading verifies the checksums, the manifest, the schema against the one this build computes, the model
 * class against an allow-list (before any model object is built) and the golden probabilities.
 */
public record ModelBundle(Path dir, BundleManifest manifest, TribuoPrecursorModel model) {

    public static final String MANIFEST = "manifest.json";
    public static final String MODEL = "model.tribuo";
    public static final String GOLDEN = "golden.json";
    public static final String EVALUATION = "evaluation.json";
    public static final String CARD = "MODEL_CARD.md";
    public static final String SUMS = "SHA256SUMS";
    /** Tribuo model classes a bundle may contain; anything else is refused before it is instantiated. */
    public static final Set<String> ALLOWED_MODEL_CLASSES = Set.of(
            "org.tribuo.classification.sgd.linear.LinearSGDModel",
            "org.tribuo.common.xgboost.XGBoostModel");
    /** Largest difference allowed between a golden probability and the recomputed one. */
    static final double GOLDEN_TOLERANCE = 1e-9;

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** "name/version". */
    public String id() {
        return manifest.id();
    }

    /**
     * Loads and verifies a bundle folder.
     *
     * @param expected the schema this build computes; a bundle with another one is refused
     * @throws BundleException with a message naming the folder, the problem and the fix
     */
    public static ModelBundle load(Path dir, FeatureSchema expected) {
        if (!Files.isDirectory(dir)) {
            throw new BundleException("model bundle " + dir + " is not a folder");
        }
        Map<String, String> sums = verifyChecksums(dir);
        BundleManifest manifest;
        try {
            manifest = JSON.readValue(dir.resolve(MANIFEST).toFile(), BundleManifest.class);
        } catch (IOException e) {
            throw new BundleException("model bundle " + dir + ": manifest.json cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BundleException("model bundle " + dir + ": manifest.json is invalid: " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> f : manifest.files().entrySet()) {
            if (!f.getValue().equalsIgnoreCase(sums.get(f.getKey()))) {
                throw new BundleException("model bundle " + dir + ": manifest and SHA256SUMS disagree about " + f.getKey()
                        + "; the bundle was edited by hand - rewrite it with `kizashi train`");
            }
        }
        if (!sums.containsKey(manifest.modelFile())) {
            throw new BundleException("model bundle " + dir + ": the model file " + manifest.modelFile() + " is not covered by SHA256SUMS");
        }
        String mismatch = expected.mismatch(manifest.schema());
        if (mismatch != null) {
            throw new BundleException("model bundle " + manifest.id() + " (" + dir + ") does not match this build's features: "
                    + mismatch + "; retrain it with `kizashi train` or deploy a bundle built for this version");
        }
        TribuoPrecursorModel model = new TribuoPrecursorModel(readModel(dir.resolve(manifest.modelFile()), manifest.modelClass()),
                manifest.schema(), manifest.calibration());
        ModelBundle bundle = new ModelBundle(dir, manifest, model);
        bundle.verifyGolden();
        return bundle;
    }

    /** Reads a Tribuo protobuf model after checking its class against {@link #ALLOWED_MODEL_CLASSES}. */
    @SuppressWarnings("unchecked")
    static Model<Label> readModel(Path file, String declaredClass) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BundleException("model file " + file + " is not a Tribuo protobuf model (" + e.getMessage()
                    + "); only Tribuo's protobuf format is loaded", e);
        }
        String cls = proto.getClassName();
        if (!ALLOWED_MODEL_CLASSES.contains(cls)) {
            throw new BundleException("model file " + file + " holds a " + (cls.isEmpty() ? "model of no class" : cls)
                    + ", which is not on the allow-list " + ALLOWED_MODEL_CLASSES);
        }
        if (!cls.equals(declaredClass)) {
            throw new BundleException("model file " + file + " holds a " + cls + " but the manifest says " + declaredClass);
        }
        Model<?> m;
        try {
            m = Model.deserialize(proto);
        } catch (RuntimeException e) {
            throw new BundleException("model file " + file + " cannot be decoded: " + e.getMessage(), e);
        }
        if (!(m.getOutputIDInfo().getDomain().iterator().next() instanceof Label)) {
            throw new BundleException("model file " + file + " is not a classifier");
        }
        return (Model<Label>) m;
    }

    /** The golden vectors must still give the probabilities recorded when the bundle was written. */
    void verifyGolden() {
        Path g = dir.resolve(GOLDEN);
        if (!Files.exists(g)) {
            throw new BundleException("model bundle " + id() + " has no golden.json; rewrite it with `kizashi train`");
        }
        Golden golden = readGolden(g);
        for (int i = 0; i < golden.features().size(); i++) {
            double want = golden.probabilities().get(i);
            double got = model.probability(golden.features().get(i));
            if (!(Math.abs(want - got) <= GOLDEN_TOLERANCE)) {
                throw new BundleException("model bundle " + id() + " gives " + got + " for golden vector " + i + " but was written with "
                        + want + "; the model library or the feature code changed behaviour - retrain with `kizashi train`");
            }
        }
    }

    /** Golden vectors and the probabilities the bundle gave them. */
    public record Golden(List<double[]> features, List<Double> probabilities) {
    }

    static Golden readGolden(Path g) {
        try {
            JsonNode root = JSON.readTree(g.toFile());
            List<double[]> fs = new ArrayList<>();
            List<Double> ps = new ArrayList<>();
            for (JsonNode row : root.path("rows")) {
                JsonNode f = row.path("features");
                double[] v = new double[f.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = f.get(i).asDouble();
                }
                fs.add(v);
                ps.add(row.path("probability").asDouble());
            }
            return new Golden(fs, ps);
        } catch (IOException e) {
            throw new BundleException("golden.json of " + g.getParent() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Checks every line of SHA256SUMS; returns file name to checksum. */
    static Map<String, String> verifyChecksums(Path dir) {
        Path sumsFile = dir.resolve(SUMS);
        if (!Files.exists(sumsFile)) {
            throw new BundleException("model bundle " + dir + " has no SHA256SUMS; it is incomplete - re-copy the whole folder");
        }
        Map<String, String> sums = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(sumsFile, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] p = line.strip().split("\\s+\\*?", 2);
                if (p.length != 2 || !p[0].matches("[0-9a-fA-F]{64}") || p[1].contains("/") || p[1].contains("\\")) {
                    throw new BundleException("model bundle " + dir + ": SHA256SUMS line '" + line + "' is not '<sha256>  <file>'");
                }
                Path f = dir.resolve(p[1]);
                if (!Files.exists(f)) {
                    throw new BundleException("model bundle " + dir + " is missing " + p[1] + "; re-copy the whole folder");
                }
                String actual = sha256(f);
                if (!actual.equalsIgnoreCase(p[0])) {
                    throw new BundleException("model bundle " + dir + ": checksum mismatch for " + p[1]
                            + " (the file was changed or damaged); re-copy the bundle or retrain it with `kizashi train`");
                }
                sums.put(p[1], p[0].toLowerCase(java.util.Locale.ROOT));
            }
        } catch (IOException e) {
            throw new BundleException("model bundle " + dir + ": cannot read its files: " + e.getMessage(), e);
        }
        for (String required : List.of(MANIFEST, GOLDEN)) {
            if (!sums.containsKey(required)) {
                throw new BundleException("model bundle " + dir + ": SHA256SUMS does not cover " + required);
            }
        }
        return sums;
    }

    static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static void writeJson(Path f, Object value) {
        try {
            JSON.writeValue(f.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
