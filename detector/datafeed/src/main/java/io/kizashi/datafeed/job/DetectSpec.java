package io.kizashi.datafeed.job;

/**
 * Which detectors run on a metric.
 *
 * @param anomaly    score each bucket against the learned baseline (default true)
 * @param trendLimit a level whose forecast crossing is warned about (e.g. 0.9 for a ratio), or null for none
 * @param alertScore score at or above which a bucket is anomalous, in (0, 100], or null for the core default
 * @param calendar   the metric's business calendar, or null for the job's (or UTC)
 */
public record DetectSpec(boolean anomaly, Double trendLimit, Double alertScore, CalendarSpec calendar) {

    public static final DetectSpec DEFAULT = new DetectSpec(true, null, null, null);

    public DetectSpec {
        if (trendLimit != null && !Double.isFinite(trendLimit)) {
            throw new IllegalArgumentException("trend_limit must be a finite number, got " + trendLimit);
        }
        if (alertScore != null && !(alertScore > 0 && alertScore <= 100)) {
            throw new IllegalArgumentException("alert_score must be in (0, 100], got " + alertScore);
        }
    }
}
