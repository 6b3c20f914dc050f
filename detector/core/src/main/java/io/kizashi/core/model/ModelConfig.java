package io.kizashi.core.model;

import io.kizashi.core.calendar.BusinessCalendar;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one series model. {@link #defaults()} is the single global configuration used for every
 * series and every benchmark; the other settings describe the metric (what its values mean, its
 * bucket span, its calendar) rather than tune the detector.
 *
 * @param bucketSpan     spacing of buckets; {@code null} lets the model infer it from the first timestamps
 * @param valueKind      domain of the values (gauge, count, ratio)
 * @param calendar       local calendar for daily and weekly seasonality
 * @param learningBuckets buckets seen before any bucket is scored (cold start)
 * @param boundsCoverage nominal probability that a normal value lies within [lower, upper]
 * @param alertScore     score at or above which a bucket is anomalous (the default alert decision)
 * @param maxMagnitude   values with a larger absolute value are rejected as absurd
 */
public record ModelConfig(
        Duration bucketSpan,
        ValueKind valueKind,
        BusinessCalendar calendar,
        int learningBuckets,
        double boundsCoverage,
        double alertScore,
        double maxMagnitude) {

    public static final int DEFAULT_LEARNING_BUCKETS = 60;
    public static final double DEFAULT_BOUNDS_COVERAGE = 0.95;
    public static final double DEFAULT_ALERT_SCORE = 40;
    public static final double DEFAULT_MAX_MAGNITUDE = 1e15;

    public ModelConfig {
        Objects.requireNonNull(valueKind, "valueKind");
        Objects.requireNonNull(calendar, "calendar");
        if (bucketSpan != null && (bucketSpan.isNegative() || bucketSpan.isZero() || bucketSpan.toMillis() % 1000 != 0)) {
            throw new IllegalArgumentException("bucket_span must be a positive whole number of seconds, got " + bucketSpan
                    + "; use e.g. 1m, 5m or 1h");
        }
        if (learningBuckets < 2 || learningBuckets > 100_000) {
            throw new IllegalArgumentException("learning_buckets must be between 2 and 100000, got " + learningBuckets);
        }
        if (!(boundsCoverage > 0.5 && boundsCoverage < 1)) {
            throw new IllegalArgumentException("bounds_coverage must be in (0.5, 1), got " + boundsCoverage + "; e.g. 0.95");
        }
        if (!(alertScore > 0 && alertScore <= 100)) {
            throw new IllegalArgumentException("alert_score must be in (0, 100], got " + alertScore);
        }
        if (!(maxMagnitude > 0)) {
            throw new IllegalArgumentException("max_magnitude must be positive, got " + maxMagnitude);
        }
    }

    /** The global default: gauge values, UTC calendar, inferred bucket span. */
    public static ModelConfig defaults() {
        return new ModelConfig(null, ValueKind.GAUGE, BusinessCalendar.UTC, DEFAULT_LEARNING_BUCKETS,
                DEFAULT_BOUNDS_COVERAGE, DEFAULT_ALERT_SCORE, DEFAULT_MAX_MAGNITUDE);
    }

    public ModelConfig withBucketSpan(Duration span) {
        return new ModelConfig(span, valueKind, calendar, learningBuckets, boundsCoverage, alertScore, maxMagnitude);
    }

    public ModelConfig withValueKind(ValueKind kind) {
        return new ModelConfig(bucketSpan, kind, calendar, learningBuckets, boundsCoverage, alertScore, maxMagnitude);
    }

    public ModelConfig withCalendar(BusinessCalendar cal) {
        return new ModelConfig(bucketSpan, valueKind, cal, learningBuckets, boundsCoverage, alertScore, maxMagnitude);
    }

    public ModelConfig withLearningBuckets(int n) {
        return new ModelConfig(bucketSpan, valueKind, calendar, n, boundsCoverage, alertScore, maxMagnitude);
    }

    public ModelConfig withBoundsCoverage(double coverage) {
        return new ModelConfig(bucketSpan, valueKind, calendar, learningBuckets, coverage, alertScore, maxMagnitude);
    }

    public ModelConfig withAlertScore(double score) {
        return new ModelConfig(bucketSpan, valueKind, calendar, learningBuckets, boundsCoverage, score, maxMagnitude);
    }
}
