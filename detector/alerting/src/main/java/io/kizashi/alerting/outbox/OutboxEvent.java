package io.kizashi.alerting.outbox;

import io.kizashi.alerting.delivery.Notification;
import io.kizashi.alerting.engine.AlertTransition;
import io.kizashi.alerting.engine.TransitionKind;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One transition as recorded in the outbox, with its delivery to each receiver.
 *
 * @param transition  what happened
 * @param recordedAt  wall-clock time it was recorded
 * @param deliveries  one per receiver configured when it was recorded (empty for PENDING/CANCELLED)
 * @param seqNo       for optimistic concurrency
 * @param primaryTerm for optimistic concurrency
 */
public record OutboxEvent(AlertTransition transition, Instant recordedAt, List<Delivery> deliveries, long seqNo,
                          long primaryTerm) {

    public OutboxEvent {
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(recordedAt, "recordedAt");
        deliveries = List.copyOf(deliveries);
    }

    public String key() {
        return transition.idempotencyKey();
    }

    /** True while some receiver still waits for it. */
    public boolean pending() {
        return deliveries.stream().anyMatch(d -> d.status() == Delivery.Status.PENDING);
    }

    public OutboxEvent withDeliveries(List<Delivery> d) {
        return new OutboxEvent(transition, recordedAt, d, seqNo, primaryTerm);
    }

    /** What receivers get. */
    public Notification notification(String generatorBase) {
        AlertTransition t = transition;
        if (!t.kind().notifies()) {
            throw new IllegalStateException(t.kind() + " transitions are not notified");
        }
        String generator = generatorBase == null || generatorBase.isBlank() ? null
            : generatorBase.replaceAll("/+$", "") + "/alerts/" + t.fingerprint();
        return new Notification(t.idempotencyKey(), t.fingerprint(),
            t.kind() == TransitionKind.FIRING ? Notification.Status.FIRING : Notification.Status.RESOLVED, t.labels(),
            t.annotations(), t.activeSince(), t.resolvedAt(), generator);
    }
}
