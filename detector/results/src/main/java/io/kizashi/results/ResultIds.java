package io.kizashi.results;

import io.kizashi.core.series.SeriesKey;

import java.time.Instant;

/**
 * Deterministic document ids (job | series | time | type), so that reprocessing a bucket replaces its
 * documents instead of duplicating them.
 */
public final class ResultIds {
    private ResultIds() {
    }

    public static String record(SeriesKey series, Instant bucket) {
        return series.jobId() + "_" + series.id() + "_" + bucket.getEpochSecond() + "_record";
    }

    public static String bucket(String jobId, Instant bucket) {
        return jobId + "_" + bucket.getEpochSecond() + "_bucket";
    }

    public static String forecast(SeriesKey series, Instant at) {
        return series.jobId() + "_" + series.id() + "_" + at.getEpochSecond() + "_forecast";
    }

    public static String changepoint(SeriesKey series, Instant start) {
        return series.jobId() + "_" + series.id() + "_" + start.getEpochSecond() + "_changepoint";
    }

    public static String trend(SeriesKey series, Instant asOf) {
        return series.jobId() + "_" + series.id() + "_" + asOf.getEpochSecond() + "_trend";
    }

    public static String annotation(String kind, SeriesKey series, Instant start) {
        return series.jobId() + "_" + series.id() + "_" + start.getEpochSecond() + "_" + kind;
    }

    public static String jobAnnotation(String kind, String jobId, Instant start) {
        return jobId + "_" + start.getEpochSecond() + "_" + kind;
    }
}
