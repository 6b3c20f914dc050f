package io.kizashi.alerting.engine;

import io.kizashi.core.change.ChangePoint;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.Direction;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.core.trend.Forecast;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the engine learns about one bucket of one series: Kizashi's outputs for it (score, probability,
 * expected range, precursor probability, change points, forecast) and the links an alert shows.
 *
 * @param series               the series
 * @param bucket               the bucket's start; the engine's evaluation time for this observation
 * @param actual               the metric's value
 * @param expected             the baseline
 * @param lower                lower bound of the expected range (NaN if unknown)
 * @param upper                upper bound of the expected range (NaN if unknown)
 * @param score                published anomaly score 0-100 (muted after an event's first bucket)
 * @param probability          tail probability of the bucket, 1 = nothing unusual
 * @param anomalous            the model's own alert decision
 * @param direction            side of the deviation
 * @param reason               detection channel code, e.g. {@code sustained_shift}
 * @param precursorProbability probability that an incident is coming, NaN when not estimated
 * @param precursorThreshold   the precursor model's own alert threshold for that probability, NaN when unknown
 * @param changePoints         change points confirmed at this bucket
 * @param forecast             the series' current forecast, or null
 * @param requestIds           sample request ids of the bucket
 * @param discoverUrl          Kibana Discover link, or null
 * @param consoleUrl           Kizashi console link, or null
 */
public record SeriesObservation(SeriesKey series, Instant bucket, double actual, double expected, double lower,
                                double upper, double score, double probability, boolean anomalous, Direction direction,
                                String reason, double precursorProbability, double precursorThreshold, List<ChangePoint> changePoints,
                                Forecast forecast, List<String> requestIds, String discoverUrl, String consoleUrl) {

    public SeriesObservation {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(bucket, "bucket");
        if (!(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("score must be in [0, 100], got " + score);
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        if (!Double.isNaN(precursorProbability) && !(precursorProbability >= 0 && precursorProbability <= 1)) {
            throw new IllegalArgumentException("precursorProbability must be in [0, 1] or NaN, got " + precursorProbability);
        }
        if (!Double.isNaN(precursorThreshold) && !(precursorThreshold > 0 && precursorThreshold <= 1)) {
            throw new IllegalArgumentException("precursorThreshold must be in (0, 1] or NaN, got " + precursorThreshold);
        }
        direction = direction == null ? Direction.NONE : direction;
        reason = reason == null ? "" : reason;
        changePoints = changePoints == null ? List.of() : List.copyOf(changePoints);
        requestIds = requestIds == null ? List.of() : List.copyOf(requestIds);
    }

    /** The observation of a scored bucket, without precursor, forecast or links (add them with the with-methods). */
    public static SeriesObservation of(SeriesKey series, BucketResult r) {
        return new SeriesObservation(series, r.timestamp(), r.actual(), r.expected(), r.lower(), r.upper(), r.score(),
            r.probability(), r.anomalous(), r.direction(), r.reason().code(), Double.NaN, Double.NaN, r.changePoints(), null, List.of(),
            null, null);
    }

    /**
     * A minimal observation with the given score (probability consistent with it, {@code 10^(-score/10)});
     * value and expected NaN. For tests and simple feeds.
     */
    public static SeriesObservation ofScore(SeriesKey series, Instant bucket, double score) {
        return new SeriesObservation(series, bucket, Double.NaN, Double.NaN, Double.NaN, Double.NaN, score,
            Math.min(1, Math.pow(10, -score / 10)), false, score > 0 ? Direction.HIGH : Direction.NONE, "", Double.NaN,
            Double.NaN, List.of(), null, List.of(), null, null);
    }

    public SeriesObservation withValues(double actualValue, double expectedValue, double lowerBound, double upperBound) {
        return new SeriesObservation(series, bucket, actualValue, expectedValue, lowerBound, upperBound, score, probability,
            anomalous, direction, reason, precursorProbability, precursorThreshold, changePoints, forecast, requestIds, discoverUrl, consoleUrl);
    }

    /** With a precursor probability whose model threshold is not known (rules then need an explicit {@code min}). */
    public SeriesObservation withPrecursor(double p) {
        return withPrecursor(p, Double.NaN);
    }

    /** With a precursor probability and the alert threshold of the model that produced it. */
    public SeriesObservation withPrecursor(double p, double threshold) {
        return new SeriesObservation(series, bucket, actual, expected, lower, upper, score, probability, anomalous, direction,
            reason, p, threshold, changePoints, forecast, requestIds, discoverUrl, consoleUrl);
    }

    public SeriesObservation withChangePoints(List<ChangePoint> cps) {
        return new SeriesObservation(series, bucket, actual, expected, lower, upper, score, probability, anomalous, direction,
            reason, precursorProbability, precursorThreshold, cps, forecast, requestIds, discoverUrl, consoleUrl);
    }

    public SeriesObservation withForecast(Forecast f) {
        return new SeriesObservation(series, bucket, actual, expected, lower, upper, score, probability, anomalous, direction,
            reason, precursorProbability, precursorThreshold, changePoints, f, requestIds, discoverUrl, consoleUrl);
    }

    public SeriesObservation withLinks(List<String> ids, String discover, String console) {
        return new SeriesObservation(series, bucket, actual, expected, lower, upper, score, probability, anomalous, direction,
            reason, precursorProbability, precursorThreshold, changePoints, forecast, ids, discover, console);
    }

    /** {@code 10 * -log10(probability)} capped at 100: the score before the core's once-per-event muting. */
    public double rawScore() {
        return probability >= 1 ? 0 : Math.min(100, -10 * Math.log10(Math.max(probability, Double.MIN_NORMAL)));
    }
}
