package io.kizashi.alerting.outbox;

import io.kizashi.alerting.delivery.DeliveryConfig;
import io.kizashi.alerting.delivery.DeliveryResult;
import io.kizashi.alerting.delivery.Notification;
import io.kizashi.alerting.delivery.Receiver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Delivers what the outbox holds: each pending delivery is attempted when its backoff has passed, in
 * recording order per alert and receiver (a resolution never overtakes the firing it resolves), and the
 * outcome is written back. Failures are retried with exponential backoff until {@code giveUpAfter}.
 */
public final class Dispatcher {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    /** Events read per drain; a larger backlog is worked through by the next drains. */
    static final int BATCH = 500;

    private final Outbox outbox;
    private final Map<String, Receiver> receivers = new LinkedHashMap<>();
    private final DeliveryConfig config;
    private final Clock clock;

    /**
     * Totals of one drain.
     *
     * @param delivered deliveries accepted
     * @param retrying  failed deliveries that will be retried
     * @param failed    deliveries given up (refused or too old)
     * @param waiting   deliveries not attempted (backoff not over, or behind an earlier undelivered event)
     */
    public record DrainReport(int delivered, int retrying, int failed, int waiting) {
        public static final DrainReport NONE = new DrainReport(0, 0, 0, 0);

        public boolean idle() {
            return delivered == 0 && retrying == 0 && failed == 0 && waiting == 0;
        }
    }

    public Dispatcher(Outbox outbox, List<Receiver> receivers, DeliveryConfig config, Clock clock) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        for (Receiver r : receivers) {
            if (this.receivers.putIfAbsent(r.name(), r) != null) {
                throw new IllegalArgumentException("two receivers are named '" + r.name() + "': names must be unique");
            }
        }
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Receiver names, as recorded with each event. */
    public List<String> receiverNames() {
        return List.copyOf(receivers.keySet());
    }

    public List<Receiver> receivers() {
        return List.copyOf(receivers.values());
    }

    /** One pass over the pending events. */
    public DrainReport drain() {
        int delivered = 0;
        int retrying = 0;
        int failed = 0;
        int waiting = 0;
        // (receiver, fingerprint) pairs with an earlier event still undelivered: later ones wait behind it.
        Set<String> blocked = new HashSet<>();
        // Receivers that failed in this drain: their other events wait for the next drain instead of each
        // spending a timeout on a receiver that is down (keeps one drain bounded).
        Set<String> down = new HashSet<>();
        for (OutboxEvent e : outbox.pending(BATCH)) {
            String fp = e.transition().fingerprint();
            List<Delivery> updated = new ArrayList<>(e.deliveries());
            boolean changed = false;
            for (int i = 0; i < updated.size(); i++) {
                Delivery d = updated.get(i);
                if (d.status() != Delivery.Status.PENDING) {
                    continue;
                }
                String lane = d.receiver() + "\n" + fp;
                Instant now = clock.instant();
                Receiver r = receivers.get(d.receiver());
                if (r == null) {
                    updated.set(i, d.dropped("receiver " + d.receiver() + " is no longer configured"));
                    changed = true;
                    LOG.log(System.Logger.Level.WARNING, "alert {0}: receiver {1} is no longer configured; not delivered there",
                        e.key(), d.receiver());
                    continue;
                }
                if (blocked.contains(lane) || down.contains(d.receiver())
                        || (d.nextAttemptAt() != null && now.isBefore(d.nextAttemptAt()))) {
                    blocked.add(lane);
                    waiting++;
                    continue;
                }
                if (Duration.between(e.recordedAt(), now).compareTo(config.giveUpAfter()) > 0) {
                    updated.set(i, d.failed(now, "gave up after " + config.giveUpAfter() + "; last error: " + d.lastError(), false));
                    changed = true;
                    failed++;
                    LOG.log(System.Logger.Level.ERROR, "alert {0} ({1}) was NOT delivered to {2}: gave up after {3} ({4} attempts); last error: {5}",
                        e.key(), e.transition().rule(), d.receiver(), config.giveUpAfter(), d.attempts(), d.lastError());
                    continue;
                }
                Notification n = e.notification(config.externalUrl());
                DeliveryResult res = r.send(n, now);
                Instant after = clock.instant();
                if (res.ok()) {
                    updated.set(i, d.delivered(after));
                    delivered++;
                } else if (res.retryable()) {
                    Instant next = after.plus(config.backoff(d.attempts() + 1));
                    updated.set(i, d.retryAt(after, next, res.error()));
                    blocked.add(lane);
                    down.add(d.receiver());
                    retrying++;
                    LOG.log(System.Logger.Level.WARNING, "alert {0} to {1}: attempt {2} failed ({3}); retry at {4}",
                        e.key(), d.receiver(), d.attempts() + 1, res.error(), next);
                } else {
                    updated.set(i, d.failed(after, res.error(), true));
                    failed++;
                    LOG.log(System.Logger.Level.ERROR, "alert {0} ({1}) was refused by {2}: {3}", e.key(), e.transition().rule(),
                        d.receiver(), res.error());
                }
                changed = true;
            }
            if (changed && !outbox.update(e.withDeliveries(updated))) {
                // Someone else drained it meanwhile; their outcome stands and the next drain re-reads.
                LOG.log(System.Logger.Level.DEBUG, "outbox event {0} changed concurrently", e.key());
            }
        }
        return new DrainReport(delivered, retrying, failed, waiting);
    }
}
