package io.kizashi.precursor.model;

import io.kizashi.precursor.features.FeatureSchema;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code manifest.json} of a model bundle: what the model reads (schema), what it predicts (horizon in
 * buckets of a span), how its raw score is calibrated, the default alert threshold, where it came from
 * (provenance) and how it did (evaluation), and the SHA-256 of every other file.
 *
 * @param format         {@value #FORMAT}
 * @param name           bundle name (the folder under models/)
 * @param version        version (the folder under models/&lt;name&gt;/)
 * @param schema         feature schema the model was trained with
 * @param horizonBuckets target: an incident starts within this many buckets
 * @param bucketSpan     bucket span of the training data (ISO-8601 duration)
 * @param modelFile      the Tribuo protobuf model file
 * @param modelClass     its Tribuo model class (checked against an allow-list before loading)
 * @param calibration    Platt scaling of the model's raw probability
 * @param threshold      default alert threshold on the calibrated probability
 * @param provenance     data range, entities, trainer and parameters, seed, versions, git revision, command
 * @param evaluation     the figures of the held-out evaluation
 * @param files          file name to SHA-256 (hex) for every file of the bundle but this one and SHA256SUMS
 */
public record BundleManifest(String format, String name, String version, FeatureSchema schema, int horizonBuckets,
                             String bucketSpan, String modelFile, String modelClass, Calibration calibration, double threshold,
                             Map<String, Object> provenance, Map<String, Object> evaluation, Map<String, String> files) {

    public static final String FORMAT = "kizashi-precursor-bundle/1";

    public BundleManifest {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(calibration, "calibration");
        if (!FORMAT.equals(format)) {
            throw new BundleException("manifest format is '" + format + "' but this build reads '" + FORMAT + "'");
        }
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new BundleException("bundle name must be lower-case letters, digits, '.', '_' or '-', got " + name);
        }
        if (version == null || !version.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new BundleException("bundle version must be letters, digits, '.', '_' or '-', got " + version);
        }
        if (horizonBuckets < 1) {
            throw new BundleException("horizon_buckets must be >= 1, got " + horizonBuckets);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new BundleException("threshold must be in (0, 1), got " + threshold);
        }
        provenance = provenance == null ? Map.of() : new TreeMap<>(provenance);
        evaluation = evaluation == null ? Map.of() : new TreeMap<>(evaluation);
        files = files == null ? Map.of() : new TreeMap<>(files);
    }

    /** "name/version", recorded with every result the bundle produced. */
    public String id() {
        return name + "/" + version;
    }
}
