package io.kizashi.precursor.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The names and order of a feature vector. A model bundle records the schema it was trained with and is
 * refused by a build that computes another one.
 *
 * @param version      version of the feature definitions (bumped whenever a feature's meaning changes)
 * @param namedMetrics metrics with their own per-metric features (empty for the metric-agnostic schema)
 * @param names        feature names, in vector order
 */
public record FeatureSchema(int version, List<String> namedMetrics, List<String> names) {

    /** Current version of the feature definitions in {@link EntityFeatures}. */
    public static final int VERSION = 1;

    /** Metric-agnostic aggregates, in vector order; they mean the same on any set of metrics. */
    public static final List<String> AGGREGATES = List.of(
            "max_surprise", "second_surprise", "mean_surprise", "max_score",
            "frac_deviating", "frac_outside_band", "max_abs_resid", "mean_abs_resid",
            "frac_high", "frac_low", "frac_sustained", "frac_scored",
            "max_abs_resid_short", "max_abs_resid_long", "mean_abs_resid_long",
            "max_slope_abs_resid", "mean_slope_abs_resid", "max_abs_slope_resid",
            "max_volatility", "mean_volatility", "max_volatility_ratio", "max_run_outside",
            "max_surprise_max_mid", "max_surprise_mean_long", "mean_surprise_mean_mid",
            "frac_deviating_mean_mid", "frac_deviating_mean_long", "frac_deviating_slope",
            "frac_outside_mean_mid", "frac_outside_slope",
            "frac_change_now", "frac_change_recent", "alarm_recency");

    /** Per named metric, in this order after the aggregates: {@code m:<metric>:<suffix>}. */
    public static final List<String> PER_METRIC = List.of("resid", "surprise", "abs_resid_long", "slope_resid");

    public FeatureSchema {
        namedMetrics = List.copyOf(namedMetrics);
        names = List.copyOf(names);
        if (version < 1) {
            throw new IllegalArgumentException("feature schema version must be >= 1, got " + version);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("feature schema has no features");
        }
    }

    /** The metric-agnostic schema: a model trained on one set of metrics runs on any other. */
    public static FeatureSchema metricAgnostic() {
        return withNamedMetrics(List.of());
    }

    /** The aggregates plus per-metric features of these metrics (for entities whose metric set is fixed). */
    public static FeatureSchema withNamedMetrics(List<String> metrics) {
        Objects.requireNonNull(metrics, "metrics");
        List<String> names = new ArrayList<>(AGGREGATES);
        for (String m : metrics) {
            if (m == null || m.isBlank()) {
                throw new IllegalArgumentException("named metric must not be empty");
            }
            for (String s : PER_METRIC) {
                names.add("m:" + m + ":" + s);
            }
        }
        return new FeatureSchema(VERSION, metrics, names);
    }

    public int size() {
        return names.size();
    }

    /** Why {@code other} (a bundle's schema) cannot be fed by this schema, or null when it can. */
    public String mismatch(FeatureSchema other) {
        if (other.version != version) {
            return "feature schema version " + other.version + " but this build computes version " + version;
        }
        if (!other.names.equals(names)) {
            List<String> missing = new ArrayList<>(other.names);
            missing.removeAll(names);
            List<String> extra = new ArrayList<>(names);
            extra.removeAll(other.names);
            return "feature names differ (bundle has " + other.size() + ", this build " + size() + "; only in bundle: "
                    + head(missing) + ", only in build: " + head(extra) + (missing.isEmpty() && extra.isEmpty() ? ", order differs" : "") + ")";
        }
        return null;
    }

    private static String head(List<String> l) {
        return l.size() <= 5 ? l.toString() : l.subList(0, 5) + " and " + (l.size() - 5) + " more";
    }
}
