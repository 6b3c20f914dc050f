package io.kizashi.alerting.delivery;

import java.time.Instant;

/** Where notifications go. Implementations are thread-safe, bounded in time (timeouts) and never log secrets. */
public interface Receiver {

    /** Stable name, recorded per delivery in the outbox (e.g. {@code alertmanager:127.0.0.1:9093}). */
    String name();

    /** One attempt to deliver; never throws for I/O problems (they are a retryable result). */
    DeliveryResult send(Notification n, Instant now);

    /**
     * True for receivers that expect firing alerts to be repeated while they last (Alertmanager resolves an
     * alert whose endsAt passed); others get each transition once.
     */
    default boolean wantsResend() {
        return false;
    }
}
