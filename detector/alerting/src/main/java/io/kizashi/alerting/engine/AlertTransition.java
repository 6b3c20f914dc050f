package io.kizashi.alerting.engine;

import io.kizashi.alerting.rules.Severity;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One lifecycle transition of one alert, as recorded in the outbox and delivered (FIRING, RESOLVED).
 *
 * @param idempotencyKey {@code fingerprint-kind-epochMillis} of the episode start ({@code activeSince} for PENDING
 *                       and CANCELLED, {@code firedAt} for FIRING and RESOLVED): the same transition always has
 *                       the same key, so recording it twice is refused and it is notified once
 * @param kind           what happened
 * @param rule           rule name (the alertname label)
 * @param fingerprint    stable id of the labels
 * @param labels         the alert's labels
 * @param annotations    rendered annotations
 * @param severity       the rule's severity
 * @param at             evaluation time of the transition
 * @param activeSince    when the condition started holding in this episode
 * @param firedAt        when it started firing (FIRING, RESOLVED), else null
 * @param resolvedAt     when it resolved (RESOLVED), else null
 * @param evidence       the alert's evidence at the transition, or null
 * @param note           why, when it is not the condition itself (e.g. "marked false positive by alice"), or null
 */
public record AlertTransition(String idempotencyKey, TransitionKind kind, String rule, String fingerprint,
                              Map<String, String> labels, Map<String, String> annotations, Severity severity, Instant at,
                              Instant activeSince, Instant firedAt, Instant resolvedAt, Evidence evidence, String note) {

    public AlertTransition {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(fingerprint, "fingerprint");
        labels = io.kizashi.alerting.rules.Labels.sorted(labels);
        annotations = io.kizashi.alerting.rules.Labels.sorted(annotations);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(activeSince, "activeSince");
        if (kind.notifies() && firedAt == null) {
            throw new IllegalArgumentException(kind + " needs firedAt");
        }
        if (kind == TransitionKind.RESOLVED && resolvedAt == null) {
            throw new IllegalArgumentException("RESOLVED needs resolvedAt");
        }
    }

    /** The key of a transition: {@code fingerprint-kind-epochMillis of the episode start}. */
    public static String key(String fingerprint, TransitionKind kind, Instant since) {
        return fingerprint + "-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + since.toEpochMilli();
    }
}
