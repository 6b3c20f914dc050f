package io.kizashi.alerting.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One alert rule as loaded from a file.
 *
 * @param name                 unique across all files; the {@code alertname} label
 * @param group                the file's group name, or null
 * @param source               the file it came from (for messages)
 * @param description          free text for people reading the file
 * @param selector             which series or jobs
 * @param condition            what makes it active
 * @param forDuration          how long it must stay active before firing (pending meanwhile)
 * @param keepFiringFor        how long a firing alert keeps firing after the condition stops holding
 * @param severity             the {@code severity} label
 * @param groupBy              label names that identify one alert ({@code job}, {@code metric}, split field names);
 *                             null = every label of the series (one alert per series)
 * @param cooldown             after a resolution, the same alert may not fire again before this has passed
 * @param rateLimit            at most so many new firing alerts of this rule per window, or null
 * @param staleAfter           an alert whose series have sent nothing for this long is evaluated as inactive
 * @param falsePositiveMute    how long a false-positive mark suppresses the same alert (0 = not at all)
 * @param labels               static labels added to the alert (group labels merged in)
 * @param annotations          templates rendered with the evidence
 */
public record AlertRule(String name, String group, String source, String description, SeriesSelector selector,
                        Condition condition, Duration forDuration, Duration keepFiringFor, Severity severity,
                        List<String> groupBy, Duration cooldown, RateLimit rateLimit, Duration staleAfter,
                        Duration falsePositiveMute, Map<String, String> labels, Map<String, Template> annotations) {

    /** Labels the engine sets itself; rules may not set them. */
    public static final Set<String> RESERVED_LABELS = Set.of(Labels.ALERTNAME, Labels.SEVERITY, Labels.JOB, Labels.METRIC);

    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(1);
    public static final Duration DEFAULT_FALSE_POSITIVE_MUTE = Duration.ofHours(24);

    public AlertRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a rule needs a name");
        }
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(condition, "condition");
        forDuration = nonNegative(forDuration, "for");
        keepFiringFor = nonNegative(keepFiringFor, "keep_firing_for");
        Objects.requireNonNull(severity, "severity");
        groupBy = groupBy == null ? null : List.copyOf(groupBy);
        cooldown = nonNegative(cooldown, "cooldown");
        staleAfter = nonNegative(staleAfter == null ? DEFAULT_STALE_AFTER : staleAfter, "stale_after");
        if (staleAfter.isZero()) {
            throw new IllegalArgumentException("stale_after must be positive");
        }
        falsePositiveMute = nonNegative(falsePositiveMute == null ? DEFAULT_FALSE_POSITIVE_MUTE : falsePositiveMute,
            "false_positive_mute");
        labels = Labels.sorted(labels == null ? Map.of() : labels);
        for (String l : labels.keySet()) {
            if (RESERVED_LABELS.contains(l)) {
                throw new IllegalArgumentException("label '" + l + "' is set by Kizashi; rules may not set it");
            }
        }
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(annotations));
    }

    /** A minimal rule (defaults everywhere) for code and tests. */
    public static AlertRule of(String name, Condition condition) {
        return new AlertRule(name, null, null, null, SeriesSelector.ALL, condition, Duration.ZERO, Duration.ZERO,
            Severity.WARNING, null, Duration.ZERO, null, null, null, Map.of(), Map.of());
    }

    public AlertRule withSelector(SeriesSelector s) {
        return new AlertRule(name, group, source, description, s, condition, forDuration, keepFiringFor, severity, groupBy,
            cooldown, rateLimit, staleAfter, falsePositiveMute, labels, annotations);
    }

    public AlertRule withLifecycle(Duration forD, Duration keepFiring, Duration cool) {
        return new AlertRule(name, group, source, description, selector, condition, forD, keepFiring, severity, groupBy,
            cool, rateLimit, staleAfter, falsePositiveMute, labels, annotations);
    }

    public AlertRule withRateLimit(RateLimit r) {
        return new AlertRule(name, group, source, description, selector, condition, forDuration, keepFiringFor, severity,
            groupBy, cooldown, r, staleAfter, falsePositiveMute, labels, annotations);
    }

    public AlertRule withGroupBy(List<String> by) {
        return new AlertRule(name, group, source, description, selector, condition, forDuration, keepFiringFor, severity,
            by, cooldown, rateLimit, staleAfter, falsePositiveMute, labels, annotations);
    }

    public AlertRule withStaleAfter(Duration d) {
        return new AlertRule(name, group, source, description, selector, condition, forDuration, keepFiringFor, severity,
            groupBy, cooldown, rateLimit, d, falsePositiveMute, labels, annotations);
    }

    public AlertRule withSeverity(Severity s) {
        return new AlertRule(name, group, source, description, selector, condition, forDuration, keepFiringFor, s,
            groupBy, cooldown, rateLimit, staleAfter, falsePositiveMute, labels, annotations);
    }

    public AlertRule withLabelsAndAnnotations(Map<String, String> l, Map<String, Template> a) {
        return new AlertRule(name, group, source, description, selector, condition, forDuration, keepFiringFor, severity,
            groupBy, cooldown, rateLimit, staleAfter, falsePositiveMute, l, a);
    }

    /**
     * A digest of what decides activity (selector, condition, group_by); when it changes, per-series
     * windows restart instead of mixing hits of the old and the new condition.
     */
    public String conditionDigest() {
        // From the records' text, not hashCode(): enum hash codes differ between JVM runs, and this is persisted.
        String text = selector + "|" + condition + "|" + groupBy;
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Duration nonNegative(Duration d, String field) {
        Duration v = d == null ? Duration.ZERO : d;
        if (v.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + v);
        }
        return v;
    }
}
