package io.kizashi.alerting.rules;

import java.util.Map;
import java.util.TreeMap;

/** Label naming shared by rules, the engine and delivery. */
public final class Labels {

    /** The rule's name. */
    public static final String ALERTNAME = "alertname";
    public static final String SEVERITY = "severity";
    public static final String JOB = "job";
    public static final String METRIC = "metric";

    private Labels() {
    }

    /**
     * A label name Alertmanager accepts ({@code [a-zA-Z_][a-zA-Z0-9_]*}) for a split field name:
     * {@code service.name} becomes {@code service_name}, {@code k8s-pod} becomes {@code k8s_pod}.
     */
    public static String sanitize(String field) {
        StringBuilder sb = new StringBuilder(field.length() + 1);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok && i == 0 && c >= '0' && c <= '9') {
                sb.append('_').append(c);
            } else {
                sb.append(ok ? c : '_');
            }
        }
        return sb.isEmpty() ? "_" : sb.toString();
    }

    /** True for a valid label name. */
    public static boolean valid(String name) {
        return name != null && LabelMatcher.LABEL_NAME.matcher(name).matches();
    }

    /** Labels sorted by name (the order fingerprints and payloads use). */
    public static Map<String, String> sorted(Map<String, String> labels) {
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }
}
