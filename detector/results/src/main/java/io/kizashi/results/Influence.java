package io.kizashi.results;

import java.util.Objects;

/**
 * How much one split value (or one metric) contributes to a job's anomalies in a bucket.
 *
 * @param field  split field name, or {@code "metric"} for a metric's share
 * @param value  the split value (or the metric name)
 * @param metric the metric the contribution comes from most, or null for a split value spanning metrics
 * @param score  share of the bucket's total surprise, 0-100
 */
public record Influence(String field, String value, String metric, double score) {
    public Influence {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
    }

    /** {@code field=value}, the aggregatable form stored in {@code influencer_values}. */
    public String fieldValue() {
        return field + "=" + value;
    }
}
