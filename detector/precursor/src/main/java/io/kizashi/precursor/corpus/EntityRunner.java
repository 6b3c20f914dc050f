package io.kizashi.precursor.corpus;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.SeriesModel;
import io.kizashi.precursor.features.EntityFeatures;
import io.kizashi.precursor.features.FeatureSchema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One entity's metrics streamed through the core (one {@link SeriesModel} per metric) and the feature
 * extractor, one bucket at a time, exactly as the service does it. Pure and deterministic.
 */
public final class EntityRunner {

    private final String entity;
    private final Function<String, ModelConfig> configs;
    private final Map<String, SeriesModel> models = new HashMap<>();
    private final EntityFeatures features;
    private Map<String, BucketResult> lastResults = Map.of();

    /** Every metric with {@link ModelConfig#defaults()}. */
    public EntityRunner(String entity, FeatureSchema schema) {
        this(entity, schema, m -> ModelConfig.defaults());
    }

    public EntityRunner(String entity, FeatureSchema schema, Function<String, ModelConfig> configs) {
        this.entity = Objects.requireNonNull(entity, "entity");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.features = new EntityFeatures(schema);
    }

    /** Scores one bucket of every metric (NaN = no value) and returns its features. */
    public ScoredRow observe(Instant t, List<String> metrics, double[] values) {
        Map<String, BucketResult> byMetric = new LinkedHashMap<>();
        double maxScore = 0;
        boolean anomalous = false;
        for (int m = 0; m < values.length; m++) {
            String name = metrics.get(m);
            SeriesModel model = models.computeIfAbsent(name, n -> SeriesModel.create(configs.apply(n)));
            BucketResult r = Double.isNaN(values[m]) ? model.missing(t) : model.observe(t, values[m]);
            byMetric.put(name, r);
            maxScore = Math.max(maxScore, r.score01());
            anomalous |= r.anomalous();
        }
        lastResults = byMetric;
        return new ScoredRow(entity, t, features.observe(t, byMetric), maxScore, anomalous);
    }

    /** The core's results of the last bucket, per metric (for notebooks and reports). */
    public Map<String, BucketResult> lastResults() {
        return lastResults;
    }

    /** The series model of a metric, or null (for notebooks: trend, forecast, seasonality). */
    public SeriesModel model(String metric) {
        return models.get(metric);
    }

    /** Streams a table through and returns one row per table row. */
    public List<ScoredRow> run(EntityTable table) {
        List<ScoredRow> out = new ArrayList<>(table.rows());
        for (int i = 0; i < table.rows(); i++) {
            out.add(observe(table.timestamps()[i], table.metrics(), table.values()[i]));
        }
        return out;
    }

    /** Streams an entity's train rows (history, discarded) then its test rows, and returns the test rows' features. */
    public static List<ScoredRow> runEntity(MultivariateCorpus corpus, String entity, FeatureSchema schema) {
        EntityRunner runner = new EntityRunner(entity, schema);
        EntityTable train = corpus.train(entity);
        EntityTable test = corpus.test(entity);
        if (train != null) {
            if (!train.metrics().equals(test.metrics())) {
                throw new IllegalArgumentException("entity " + entity + ": train and test files have different metric columns ("
                        + train.metrics() + " vs " + test.metrics() + ")");
            }
            runner.run(train);
        }
        return runner.run(test);
    }
}
