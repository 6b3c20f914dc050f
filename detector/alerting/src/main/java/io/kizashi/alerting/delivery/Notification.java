package io.kizashi.alerting.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert as receivers see it: a firing alert or a resolution, with its labels and annotations.
 *
 * @param idempotencyKey the transition's key (receivers may use it to drop a repeat: delivery is at least once)
 * @param fingerprint    the alert's stable id
 * @param status         firing or resolved
 * @param labels         the alert's labels
 * @param annotations    rendered annotations
 * @param startsAt       when the condition started holding (Prometheus' ActiveAt)
 * @param resolvedAt     when it resolved (resolved only), else null
 * @param generatorUrl   link back to Kizashi, or null
 */
public record Notification(String idempotencyKey, String fingerprint, Status status, Map<String, String> labels,
                           Map<String, String> annotations, Instant startsAt, Instant resolvedAt, String generatorUrl) {

    /** Alertmanager's two states. */
    public enum Status {
        FIRING("firing"), RESOLVED("resolved");

        private final String code;

        Status(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public Notification {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(status, "status");
        labels = io.kizashi.alerting.rules.Labels.sorted(labels);
        annotations = io.kizashi.alerting.rules.Labels.sorted(annotations);
        Objects.requireNonNull(startsAt, "startsAt");
        if (status == Status.RESOLVED && resolvedAt == null) {
            throw new IllegalArgumentException("a resolved notification needs resolvedAt");
        }
    }

    public String alertname() {
        return labels.getOrDefault(io.kizashi.alerting.rules.Labels.ALERTNAME, "");
    }
}
