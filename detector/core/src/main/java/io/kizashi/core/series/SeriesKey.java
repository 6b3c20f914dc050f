package io.kizashi.core.series;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Identity of one series: a job, one of its metrics, and the values of the job's split fields
 * (e.g. {@code service.name=device-gateway}). Split values are kept sorted by field name, so the same
 * series always has the same {@link #canonical()} text and the same {@link #id()}.
 *
 * @param jobId  the job that defines the series
 * @param metric the metric's name within the job
 * @param splits split field name to value (empty for an unsplit job)
 */
public record SeriesKey(String jobId, String metric, Map<String, String> splits) {

    public SeriesKey {
        requireName("job_id", jobId);
        requireName("metric", metric);
        Objects.requireNonNull(splits, "splits");
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : splits.entrySet()) {
            requireName("split field", e.getKey());
            if (e.getValue() == null) {
                throw new IllegalArgumentException("split field " + e.getKey() + " has no value");
            }
            sorted.put(e.getKey(), e.getValue());
        }
        splits = Collections.unmodifiableSortedMap(sorted);
    }

    public static SeriesKey of(String jobId, String metric) {
        return new SeriesKey(jobId, metric, Map.of());
    }

    /** The same series for another metric (same job and split values). */
    public SeriesKey withMetric(String otherMetric) {
        return new SeriesKey(jobId, otherMetric, splits);
    }

    /** The entity of the series: job and split values, without the metric. */
    public String entity() {
        StringBuilder sb = new StringBuilder(jobId);
        splits.forEach((k, v) -> sb.append('|').append(k).append('=').append(v));
        return sb.toString();
    }

    /** Human-readable, unambiguous text: {@code job|metric|field=value|...}; '|', '=' and '\' in values are escaped. */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        escape(sb, jobId);
        sb.append('|');
        escape(sb, metric);
        for (Map.Entry<String, String> e : splits.entrySet()) {
            sb.append('|');
            escape(sb, e.getKey());
            sb.append('=');
            escape(sb, e.getValue());
        }
        return sb.toString();
    }

    /** A short, stable, URL-safe id (SHA-256 of the canonical text, 22 characters). */
    public String id() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return canonical();
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '|' || c == '=' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
