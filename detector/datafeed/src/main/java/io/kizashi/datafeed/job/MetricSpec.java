package io.kizashi.datafeed.job;

import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.ValueKind;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric of a job: a named function of the documents in each bucket of each series.
 *
 * @param name               unique within the job ({@code [a-z][a-z0-9_]*}); the metric part of the SeriesKey
 * @param function           what is computed
 * @param field              the numeric (or, for distinct_count, any) field read; null for count-like functions
 * @param filter             restricts the documents this metric sees (within the job's filter), or null
 * @param percentile         the percentile in (0, 100) for {@link MetricFunction#PERCENTILE}, else NaN
 * @param numerator          for {@link MetricFunction#RATIO}: the documents counted above the line
 * @param denominator        for ratio: the documents counted below the line, or null for all of the bucket's documents;
 *                           the numerator is counted among the denominator's documents, so the ratio stays in [0, 1]
 * @param precisionThreshold for distinct_count: exact below about this many distinct values (default 100, max 40000)
 * @param detect             which detectors run on the metric
 */
public record MetricSpec(String name, MetricFunction function, String field, QueryDsl filter, double percentile,
                         QueryDsl numerator, QueryDsl denominator, int precisionThreshold, DetectSpec detect) {

    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /**
     * Default precision_threshold of distinct_count: exact up to about 100 distinct values per bucket and
     * series (about 5 % error above). Elasticsearch keeps registers of about 4 x the threshold (rounded up
     * to a power of two) bytes per bucket, so the datafeed asks for fewer buckets per request when it is raised.
     */
    public static final int DEFAULT_PRECISION_THRESHOLD = 100;
    public static final int MAX_PRECISION_THRESHOLD = 40_000;

    public MetricSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' must match " + NAME.pattern());
        }
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(detect, "detect");
        if (field != null && field.isBlank()) {
            throw new IllegalArgumentException("metric " + name + ": field is blank");
        }
        switch (function.fieldUse()) {
            case REQUIRED -> {
                if (field == null) {
                    throw new IllegalArgumentException("metric " + name + ": " + function.yamlName() + " needs a field");
                }
            }
            case NONE -> {
                if (field != null) {
                    throw new IllegalArgumentException("metric " + name + ": " + function.yamlName() + " takes no field");
                }
            }
            case OPTIONAL -> { }
        }
        if (function == MetricFunction.PERCENTILE) {
            if (!(percentile > 0 && percentile < 100)) {
                throw new IllegalArgumentException("metric " + name + ": percentile must be in (0, 100), got " + percentile);
            }
        } else {
            percentile = Double.NaN;
        }
        if (function == MetricFunction.RATIO) {
            Objects.requireNonNull(numerator, "metric " + name + ": ratio needs a numerator query");
        } else if (numerator != null || denominator != null) {
            throw new IllegalArgumentException("metric " + name + ": numerator/denominator only apply to function ratio");
        }
        if (function == MetricFunction.DISTINCT_COUNT) {
            if (precisionThreshold < 1 || precisionThreshold > MAX_PRECISION_THRESHOLD) {
                throw new IllegalArgumentException("metric " + name + ": precision_threshold must be in 1.." + MAX_PRECISION_THRESHOLD
                    + ", got " + precisionThreshold);
            }
        } else {
            precisionThreshold = 0;
        }
        if (function.valueKind() == ValueKind.RATIO && detect.trendLimit() != null
            && !(detect.trendLimit() >= 0 && detect.trendLimit() <= 1)) {
            throw new IllegalArgumentException("metric " + name + ": a ratio's trend_limit must be in [0, 1], got " + detect.trendLimit());
        }
    }

    public static MetricSpec of(String name, MetricFunction function, String field) {
        return new MetricSpec(name, function, field, null, Double.NaN, null, null,
            function == MetricFunction.DISTINCT_COUNT ? DEFAULT_PRECISION_THRESHOLD : 0, DetectSpec.DEFAULT);
    }

    public static MetricSpec percentile(String name, String field, double percentile) {
        return new MetricSpec(name, MetricFunction.PERCENTILE, field, null, percentile, null, null, 0, DetectSpec.DEFAULT);
    }

    public static MetricSpec ratio(String name, QueryDsl numerator, QueryDsl denominator) {
        return new MetricSpec(name, MetricFunction.RATIO, null, null, Double.NaN, numerator, denominator, 0, DetectSpec.DEFAULT);
    }

    public MetricSpec withFilter(QueryDsl f) {
        return new MetricSpec(name, function, field, f, percentile, numerator, denominator, precisionThreshold, detect);
    }

    public MetricSpec withDetect(DetectSpec d) {
        return new MetricSpec(name, function, field, filter, percentile, numerator, denominator, precisionThreshold, d);
    }

    /** The core value kind: counts, rates and distinct counts are COUNT, ratios RATIO, the others GAUGE. */
    public ValueKind valueKind() {
        return function.valueKind();
    }

    /** The value of a bucket without documents: 0 or missing (NaN). */
    public double emptyValue() {
        return function.emptyValue() == MetricFunction.EmptyValue.ZERO ? 0.0 : Double.NaN;
    }

    /**
     * The core model settings for this metric: its value kind, the bucket span, its calendar (else the
     * job's, else UTC) and its alert score; everything else stays at {@link ModelConfig#defaults()}.
     */
    public ModelConfig modelConfig(Duration bucketSpan, CalendarSpec jobCalendar) {
        CalendarSpec cal = detect.calendar() != null ? detect.calendar() : jobCalendar != null ? jobCalendar : CalendarSpec.UTC;
        ModelConfig c = ModelConfig.defaults().withBucketSpan(bucketSpan).withValueKind(valueKind())
            .withCalendar(cal.toBusinessCalendar());
        return detect.alertScore() == null ? c : c.withAlertScore(detect.alertScore());
    }
}
