package io.kizashi.alerting.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * The delivery of one outbox event to one receiver.
 *
 * @param receiver      receiver name
 * @param status        where it stands
 * @param attempts      attempts so far
 * @param lastAttemptAt time of the last attempt, or null
 * @param nextAttemptAt earliest time of the next attempt (pending only), or null = now
 * @param deliveredAt   when the receiver accepted it, or null
 * @param lastError     the last failure (redacted), or null
 */
public record Delivery(String receiver, Status status, int attempts, Instant lastAttemptAt, Instant nextAttemptAt,
                       Instant deliveredAt, String lastError) {

    /** Delivery status. */
    public enum Status {
        /** Not delivered yet; will be (re)tried. */
        PENDING,
        /** Accepted by the receiver. */
        DELIVERED,
        /** Refused for good (4xx) or given up after the configured time. */
        FAILED,
        /** The receiver is no longer configured. */
        DROPPED
    }

    public Delivery {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(status, "status");
    }

    public static Delivery pending(String receiver) {
        return new Delivery(receiver, Status.PENDING, 0, null, null, null, null);
    }

    public Delivery delivered(Instant at) {
        return new Delivery(receiver, Status.DELIVERED, attempts + 1, at, null, at, lastError);
    }

    public Delivery retryAt(Instant at, Instant next, String error) {
        return new Delivery(receiver, Status.PENDING, attempts + 1, at, next, null, error);
    }

    public Delivery failed(Instant at, String error, boolean attempted) {
        return new Delivery(receiver, Status.FAILED, attempts + (attempted ? 1 : 0), attempted ? at : lastAttemptAt, null, null, error);
    }

    public Delivery dropped(String why) {
        return new Delivery(receiver, Status.DROPPED, attempts, lastAttemptAt, null, null, why);
    }
}
