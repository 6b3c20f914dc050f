package io.kizashi.alerting.outbox;

/**
 * Names of the alerting indices: the outbox of transitions, the engine's state, and false-positive feedback.
 *
 * @param prefix e.g. {@code kizashi-} (lowercase, as Elasticsearch requires)
 */
public record AlertIndices(String prefix) {

    public static final AlertIndices DEFAULT = new AlertIndices("kizashi-");

    public AlertIndices {
        if (prefix == null || !prefix.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalArgumentException("index prefix '" + prefix + "' must be lowercase letters, digits, '_', '.', '-'");
        }
    }

    public String outbox() {
        return prefix + "alerts-outbox";
    }

    public String state() {
        return prefix + "alert-state";
    }

    public String feedback() {
        return prefix + "alert-feedback";
    }
}
