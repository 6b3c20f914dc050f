package io.kizashi.datafeed.job;

import io.kizashi.core.model.ValueKind;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a metric computes per bucket and series. Each function states its core {@link ValueKind}, whether
 * it needs a field, and its value for a bucket without documents ({@link EmptyValue}).
 */
public enum MetricFunction {
    /** Documents in the bucket. */
    COUNT("count", ValueKind.COUNT, FieldUse.NONE, EmptyValue.ZERO),
    /** Like count, but an empty bucket is missing rather than 0: for sparse events where silence is normal. */
    NON_ZERO_COUNT("non_zero_count", ValueKind.COUNT, FieldUse.NONE, EmptyValue.MISSING),
    /** Documents per second (or, with a field, the field's sum per second). */
    RATE("rate", ValueKind.COUNT, FieldUse.OPTIONAL, EmptyValue.ZERO),
    /** Arithmetic mean of a numeric field. */
    MEAN("mean", ValueKind.GAUGE, FieldUse.REQUIRED, EmptyValue.MISSING),
    /** Smallest value of a numeric field. */
    MIN("min", ValueKind.GAUGE, FieldUse.REQUIRED, EmptyValue.MISSING),
    /** Largest value of a numeric field. */
    MAX("max", ValueKind.GAUGE, FieldUse.REQUIRED, EmptyValue.MISSING),
    /** Sum of a numeric field. */
    SUM("sum", ValueKind.GAUGE, FieldUse.REQUIRED, EmptyValue.ZERO),
    /** Like sum, but a bucket in which no document has the field is missing rather than 0. */
    NON_NULL_SUM("non_null_sum", ValueKind.GAUGE, FieldUse.REQUIRED, EmptyValue.MISSING),
    /** A percentile (e.g. 95) of a numeric field. */
    PERCENTILE("percentile", ValueKind.GAUGE, FieldUse.REQUIRED, EmptyValue.MISSING),
    /** Number of distinct values of a field (approximate above precision_threshold). */
    DISTINCT_COUNT("distinct_count", ValueKind.COUNT, FieldUse.REQUIRED, EmptyValue.ZERO),
    /** Documents matching a numerator query among those matching a denominator query (a fraction in [0, 1]). */
    RATIO("ratio", ValueKind.RATIO, FieldUse.NONE, EmptyValue.MISSING);

    /** Whether a function reads a field. */
    public enum FieldUse { NONE, OPTIONAL, REQUIRED }

    /** The value of a bucket that has no documents (or, for field functions, no values). */
    public enum EmptyValue { ZERO, MISSING }

    private final String yamlName;
    private final ValueKind valueKind;
    private final FieldUse fieldUse;
    private final EmptyValue emptyValue;

    MetricFunction(String yamlName, ValueKind valueKind, FieldUse fieldUse, EmptyValue emptyValue) {
        this.yamlName = yamlName;
        this.valueKind = valueKind;
        this.fieldUse = fieldUse;
        this.emptyValue = emptyValue;
    }

    /** The name used in job files, e.g. {@code distinct_count}. */
    public String yamlName() {
        return yamlName;
    }

    public ValueKind valueKind() {
        return valueKind;
    }

    public FieldUse fieldUse() {
        return fieldUse;
    }

    public EmptyValue emptyValue() {
        return emptyValue;
    }

    public static Optional<MetricFunction> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.yamlName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(MetricFunction::yamlName).toList();
    }
}
