package io.kizashi.datafeed.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a job's documents come from and how they are bucketed.
 *
 * @param indices    index names or patterns, e.g. {@code logs-mdm-*}
 * @param timeField  the date field buckets are made of (default {@code @timestamp})
 * @param filter     the documents the job sees, or null for all
 * @param bucketSpan bucket length; a whole number of seconds that divides a day, so buckets align to UTC midnight
 * @param queryDelay how long after a bucket ends before it is pulled (ingest lag), >= 0
 * @param frequency  how much new data (a whole number of buckets) a live cycle waits for; default one bucket
 * @param start      where the first backfill starts, or null to start {@code lookback} before the first start
 * @param lookback   how far back the first backfill reaches when {@code start} is not given
 */
public record SourceSpec(List<String> indices, String timeField, QueryDsl filter, Duration bucketSpan, Duration queryDelay,
                         Duration frequency, Instant start, Duration lookback) {

    public static final String DEFAULT_TIME_FIELD = "@timestamp";
    public static final Duration DEFAULT_QUERY_DELAY = Duration.ofMinutes(1);
    public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(7);

    public SourceSpec {
        indices = List.copyOf(indices);
        if (indices.isEmpty() || indices.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("indices must name at least one index or pattern, e.g. logs-mdm-*");
        }
        Objects.requireNonNull(timeField, "timeField");
        Objects.requireNonNull(bucketSpan, "bucketSpan");
        if (!Durations.dividesDay(bucketSpan)) {
            throw new IllegalArgumentException("bucket_span " + bucketSpan + " must be whole seconds dividing a day (e.g. 1m, 5m, 15m, 1h)");
        }
        Objects.requireNonNull(queryDelay, "queryDelay");
        if (queryDelay.isNegative()) {
            throw new IllegalArgumentException("query_delay must be >= 0, got " + queryDelay);
        }
        frequency = frequency == null ? bucketSpan : frequency;
        if (!Durations.isMultiple(frequency, bucketSpan)) {
            throw new IllegalArgumentException("frequency " + frequency + " must be a whole multiple of bucket_span " + bucketSpan);
        }
        lookback = lookback == null ? DEFAULT_LOOKBACK : lookback;
        if (lookback.compareTo(bucketSpan) < 0) {
            throw new IllegalArgumentException("lookback " + lookback + " must be at least one bucket_span");
        }
    }

    public SourceSpec withIndices(List<String> other) {
        return new SourceSpec(other, timeField, filter, bucketSpan, queryDelay, frequency, start, lookback);
    }

    public SourceSpec withStart(Instant s) {
        return new SourceSpec(indices, timeField, filter, bucketSpan, queryDelay, frequency, s, lookback);
    }

    public SourceSpec withLookback(Duration l) {
        return new SourceSpec(indices, timeField, filter, bucketSpan, queryDelay, frequency, start, l);
    }

    public SourceSpec withQueryDelay(Duration d) {
        return new SourceSpec(indices, timeField, filter, bucketSpan, d, frequency, start, lookback);
    }
}
