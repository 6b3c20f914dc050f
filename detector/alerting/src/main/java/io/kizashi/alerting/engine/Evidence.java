package io.kizashi.alerting.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an alert shows about its worst (or latest) bucket: the series, value, baseline, scores, links,
 * and the condition-specific figures. Numbers are NaN and objects null when they do not apply.
 *
 * @param bucket               time of the observation
 * @param series               canonical series text ({@code job|metric|field=value}), or the job id for health rules
 * @param job                  job id
 * @param metric               metric name, or null for health rules
 * @param splits               split values (field names as in the job)
 * @param strength             how strongly the condition holds (to pick the worst member of a group)
 * @param crossing             when the forecast reaches the limit
 * @param changeMagnitude      signed change point size in spreads
 * @param changeType           level_shift or variance_change
 * @param behind               datafeed lag
 * @param lastData             newest data time
 */
public record Evidence(Instant bucket, String series, String job, String metric, Map<String, String> splits,
                       double strength, double value, double expected, double lower, double upper, double score,
                       double rawScore, double probability, double precursorProbability, String direction, String reason,
                       List<String> requestIds, String discoverUrl, String consoleUrl, Instant crossing,
                       double changeMagnitude, String changeType, Duration behind, Instant lastData) {

    public Evidence {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(job, "job");
        splits = splits == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(splits));
        requestIds = requestIds == null ? List.of() : List.copyOf(requestIds);
        direction = direction == null ? "none" : direction;
        reason = reason == null ? "" : reason;
    }

    /** Evidence of a job's health. */
    public static Evidence health(HealthObservation h, double strength) {
        return new Evidence(h.now(), h.jobId(), h.jobId(), null, Map.of(), strength, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "none", "", List.of(), null, null, null, Double.NaN,
            null, h.behind(), h.lastData());
    }

    /** Evidence of a series bucket. */
    static Evidence series(SeriesObservation o, double strength, Instant crossing, double changeMagnitude, String changeType) {
        return new Evidence(o.bucket(), o.series().canonical(), o.series().jobId(), o.series().metric(), o.series().splits(),
            strength, o.actual(), o.expected(), o.lower(), o.upper(), o.score(), o.rawScore(), o.probability(),
            o.precursorProbability(), o.direction().name().toLowerCase(java.util.Locale.ROOT), o.reason(), o.requestIds(),
            o.discoverUrl(), o.consoleUrl(), crossing, changeMagnitude, changeType, null, null);
    }
}
