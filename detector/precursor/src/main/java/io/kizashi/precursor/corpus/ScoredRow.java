package io.kizashi.precursor.corpus;

import java.time.Instant;
import java.util.Objects;

/**
 * One bucket of one entity after the core and the feature extractor: its features, and the univariate
 * view of the same bucket for comparison.
 *
 * @param entity       the entity
 * @param timestamp    the bucket
 * @param features     feature vector in the schema's order
 * @param anomalyScore the largest score of the entity's metrics in this bucket, 0..1
 * @param anomalous    true when any metric raised the core's default alert in this bucket
 */
public record ScoredRow(String entity, Instant timestamp, double[] features, double anomalyScore, boolean anomalous) {
    public ScoredRow {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(features, "features");
    }
}
