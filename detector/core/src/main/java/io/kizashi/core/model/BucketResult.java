package io.kizashi.core.model;

import io.kizashi.core.change.ChangePoint;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the model says about one bucket of one series: the baseline ("expected") kept apart from the
 * judgement ("score").
 *
 * <p>{@code lower}/{@code upper} bound the value with the model's nominal coverage
 * ({@link ModelConfig#boundsCoverage()}). {@code probability} is the per-bucket tail probability of the
 * strongest deviation channel (1 = nothing unusual), already corrected for the number of channels.
 * {@code score} is {@code 10 * -log10(p)} capped at 100, counted once per event: a bucket whose surprise
 * does not exceed the decaying maximum of the recent buckets is reported with a reduced score, so one
 * incident yields one high score rather than a run of them. Score 30 means p = 1e-3, 50 means 1e-5.
 * {@code anomalous} is the default alert decision ({@code score >= ModelConfig#alertScore()}).
 *
 * @param changePoints level or variance changes confirmed at this bucket (usually empty)
 */
public record BucketResult(
        Instant timestamp,
        double actual,
        double expected,
        double lower,
        double upper,
        double probability,
        double score,
        boolean anomalous,
        Direction direction,
        DeviationKind kind,
        Reason reason,
        ResultStatus status,
        List<ChangePoint> changePoints) {

    public BucketResult {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(status, "status");
        changePoints = changePoints == null ? List.of() : List.copyOf(changePoints);
        if (!(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("score must be in [0, 100], got " + score);
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
    }

    /** True when the bucket was scored (not learning, missing or rejected). */
    public boolean scored() {
        return status == ResultStatus.SCORED;
    }

    /** The score scaled to [0, 1], monotone in {@link #score()} (NAB's anomaly_score column). */
    public double score01() {
        return score / 100.0;
    }
}
