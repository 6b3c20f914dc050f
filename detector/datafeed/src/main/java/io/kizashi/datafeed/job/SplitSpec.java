package io.kizashi.datafeed.job;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How a job's documents are split into series: one series per combination of values of up to three
 * fields (per metric). Documents without a value for every split field belong to no series.
 *
 * @param fields    0 to 3 field names, e.g. {@code [service.name, kubernetes.pod.name]}
 * @param maxSeries most value combinations a job tracks; further ones are refused with a warning and counted
 * @param seriesTtl a combination without documents for this long stops getting (empty) buckets and is forgotten
 */
public record SplitSpec(List<String> fields, int maxSeries, Duration seriesTtl) {

    public static final int MAX_FIELDS = 3;
    public static final int DEFAULT_MAX_SERIES = 10_000;
    public static final int LIMIT_MAX_SERIES = 1_000_000;
    public static final Duration DEFAULT_SERIES_TTL = Duration.ofDays(7);
    public static final SplitSpec NONE = new SplitSpec(List.of(), DEFAULT_MAX_SERIES, DEFAULT_SERIES_TTL);

    public SplitSpec {
        fields = List.copyOf(fields);
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("at most " + MAX_FIELDS + " split fields, got " + fields);
        }
        if (new HashSet<>(fields).size() != fields.size() || fields.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("split fields must be distinct and not blank, got " + fields);
        }
        if (maxSeries < 1 || maxSeries > LIMIT_MAX_SERIES) {
            throw new IllegalArgumentException("max_series must be in 1.." + LIMIT_MAX_SERIES + ", got " + maxSeries);
        }
        Objects.requireNonNull(seriesTtl, "seriesTtl");
        if (seriesTtl.isNegative() || seriesTtl.isZero()) {
            throw new IllegalArgumentException("series_ttl must be positive, got " + seriesTtl);
        }
    }

    public static SplitSpec by(String... fields) {
        return new SplitSpec(List.of(fields), DEFAULT_MAX_SERIES, DEFAULT_SERIES_TTL);
    }

    public SplitSpec withMaxSeries(int n) {
        return new SplitSpec(fields, n, seriesTtl);
    }

    public SplitSpec withSeriesTtl(Duration ttl) {
        return new SplitSpec(fields, maxSeries, ttl);
    }

    public boolean isSplit() {
        return !fields.isEmpty();
    }
}
