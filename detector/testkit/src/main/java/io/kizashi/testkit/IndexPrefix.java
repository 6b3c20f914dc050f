package io.kizashi.testkit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A per-test prefix for index (and template) names, e.g. {@code t-1a2b3c4d-7-}; everything named with it
 * is deleted after the test, so tests sharing one node never see each other's data.
 *
 * @param value the prefix itself, lowercase as Elasticsearch requires
 */
public record IndexPrefix(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    public IndexPrefix {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("index prefix '" + value + "' is invalid; use lowercase letters, digits, '_', '.', '-'");
        }
    }

    /**
     * {@code value + name}, e.g. {@code index("metrics")} = {@code t-1a2b3c4d-7-metrics}; also for index
     * patterns ({@code index("metrics-*")}) and template names.
     */
    public String index(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("index name '" + name + "' has upper-case letters; Elasticsearch index names are lowercase");
        }
        return value + name;
    }

    /** The wildcard pattern that matches every name made with this prefix. */
    public String pattern() {
        return value + "*";
    }

    @Override
    public String toString() {
        return value;
    }
}
