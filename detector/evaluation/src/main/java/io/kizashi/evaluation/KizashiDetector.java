package io.kizashi.evaluation;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.SeriesModel;

import java.time.Instant;

/**
 * Kizashi's own series model as the evaluation sees it: the global default configuration, a fresh
 * model per file, {@code anomaly_score = score / 100} and {@code is_anomaly} = the model's default alert
 * decision. Nothing about the corpus is passed in: not its length, range or labels.
 */
public final class KizashiDetector implements PointDetector {

    private final SeriesModel model;

    public KizashiDetector() {
        this(ModelConfig.defaults());
    }

    public KizashiDetector(ModelConfig config) {
        this.model = SeriesModel.create(config);
    }

    @Override
    public Verdict observe(Instant timestamp, double value) {
        BucketResult r = model.observe(timestamp, value);
        return new Verdict(r.score01(), r.anomalous());
    }
}
