package io.kizashi.alerting;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.alerting.delivery.AlertmanagerReceiver;
import io.kizashi.alerting.delivery.DeliveryConfig;
import io.kizashi.alerting.delivery.DeliveryResult;
import io.kizashi.alerting.delivery.Notification;
import io.kizashi.alerting.delivery.Receiver;
import io.kizashi.alerting.engine.AlertEngine;
import io.kizashi.alerting.engine.AlertState;
import io.kizashi.alerting.engine.AlertTransition;
import io.kizashi.alerting.engine.CycleResult;
import io.kizashi.alerting.engine.EngineSnapshot;
import io.kizashi.alerting.engine.FalsePositive;
import io.kizashi.alerting.engine.HealthObservation;
import io.kizashi.alerting.engine.SeriesObservation;
import io.kizashi.alerting.engine.TransitionKind;
import io.kizashi.alerting.outbox.AlertIndices;
import io.kizashi.alerting.outbox.Dispatcher;
import io.kizashi.alerting.outbox.FeedbackStore;
import io.kizashi.alerting.outbox.Outbox;
import io.kizashi.alerting.outbox.OutboxEvent;
import io.kizashi.alerting.outbox.StateStore;
import io.kizashi.config.ConfigError;
import io.kizashi.alerting.rules.RuleSet;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Alerting as the service runs it: the pure {@link AlertEngine}, the outbox, the state and the feedback in
 * Elasticsearch, and delivery. Each cycle evaluates, records every transition in the outbox (a transition
 * recorded before is refused, so it is never notified twice), saves the engine state, then delivers what
 * is pending and re-sends firing alerts to Alertmanager. A new instance on the same indices continues
 * where the last one stopped: pending and firing alerts go on, undelivered events are retried.
 *
 * <p>Blocking (HTTP, Elasticsearch): call from a worker thread. Methods are synchronized.
 */
public final class AlertingService {

    private static final System.Logger LOG = System.getLogger(AlertingService.class.getName());

    private AlertEngine engine; // replaced by its state before a cycle whose transitions could not be recorded
    private final Outbox outbox;
    private final StateStore states;
    private final FeedbackStore feedback;
    private final Dispatcher dispatcher;
    private final DeliveryConfig config;
    private final Clock clock;
    private final Map<String, Instant> lastResent = new HashMap<>();
    private boolean stateDirty;

    /**
     * What one cycle did.
     *
     * @param transitions every transition the engine produced
     * @param recorded    transitions newly recorded in the outbox
     * @param duplicates  transitions already in the outbox (a replay after a restart): not delivered again
     * @param drain       delivery totals
     * @param resent      firing alerts re-sent to Alertmanager
     */
    public record CycleReport(List<AlertTransition> transitions, int recorded, int duplicates, Dispatcher.DrainReport drain,
                              int resent) {
        public CycleReport {
            transitions = List.copyOf(transitions);
        }
    }

    private AlertingService(AlertEngine engine, Outbox outbox, StateStore states, FeedbackStore feedback, Dispatcher dispatcher,
                            DeliveryConfig config, Clock clock) {
        this.engine = engine;
        this.outbox = outbox;
        this.states = states;
        this.feedback = feedback;
        this.dispatcher = dispatcher;
        this.config = config;
        this.clock = clock;
    }

    /** Starts with the receivers of {@code delivery}. */
    public static AlertingService start(ElasticsearchClient es, RuleSet rules, AlertIndices indices, DeliveryConfig delivery,
                                        Clock clock) {
        return start(es, rules, indices, delivery.receivers(), delivery, clock);
    }

    /**
     * Creates the indices if needed, loads the state and the false-positive marks, and builds the engine
     * from them; rules with problems are reported (the good ones run).
     */
    public static AlertingService start(ElasticsearchClient es, RuleSet rules, AlertIndices indices, List<Receiver> receivers,
                                        DeliveryConfig delivery, Clock clock) {
        Objects.requireNonNull(es, "es");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(clock, "clock");
        for (ConfigError e : rules.errors()) {
            LOG.log(System.Logger.Level.ERROR, "alert rule refused: {0}", e);
        }
        Outbox outbox = new Outbox(es, indices);
        StateStore states = new StateStore(es, indices);
        FeedbackStore feedback = new FeedbackStore(es, indices);
        outbox.ensureIndex();
        states.ensureIndex();
        feedback.ensureIndex();
        EngineSnapshot snapshot = states.load(feedback.active(clock.instant()));
        AlertEngine engine = new AlertEngine(rules, snapshot);
        LOG.log(System.Logger.Level.INFO, "alerting started: {0} rules, {1} silences, {2} alert states restored ({3} firing), receivers {4}",
            rules.rules().size(), rules.silences().size(), snapshot.alerts().size(), engine.firing().size(),
            receivers.stream().map(Receiver::name).toList());
        return new AlertingService(engine, outbox, states, feedback, new Dispatcher(outbox, receivers, delivery, clock), delivery,
            clock);
    }

    /**
     * One cycle over the observations of this evaluation ({@code now} = the evaluation time, for staleness).
     * Replayed buckets are ignored by the engine, so the service may re-feed recent buckets after a restart.
     */
    public synchronized CycleReport evaluate(Instant now, Collection<SeriesObservation> series, Collection<HealthObservation> health) {
        EngineSnapshot before = engine.snapshot();
        CycleResult r = engine.evaluate(now, series, health);
        try {
            return commit(r);
        } catch (RuntimeException e) {
            // a transition could not be recorded: the engine goes back to before this cycle, so that the cycle handed
            // again (the datafeed retries from its checkpoint) produces its transitions again; those recorded already
            // are refused by the outbox as repeats
            engine = new AlertEngine(engine.rules(), before);
            throw e;
        }
    }

    /** Replaces the rules (e.g. after {@code AlertRules.reload}); alerts of removed rules resolve. */
    public synchronized CycleReport updateRules(RuleSet rules) {
        for (ConfigError e : rules.errors()) {
            LOG.log(System.Logger.Level.ERROR, "alert rule refused: {0}", e);
        }
        return commit(engine.updateRules(rules, clock.instant()));
    }

    /**
     * Marks an alert as a false positive (the feedback API): stored in Elasticsearch (also for training),
     * the alert resolves if firing, and the same alert in the same direction is held for the rule's
     * {@code false_positive_mute}.
     *
     * @throws IllegalArgumentException when no alert has that fingerprint
     */
    public synchronized CycleReport markFalsePositive(String fingerprint, String by, String note) {
        return commit(engine.markFalsePositive(fingerprint, clock.instant(), by, note));
    }

    /** Retries pending deliveries whose backoff is over, and re-sends firing alerts to Alertmanager when due. */
    public synchronized Dispatcher.DrainReport drain() {
        Dispatcher.DrainReport r = dispatcher.drain();
        resendFiring();
        return r;
    }

    public synchronized List<AlertState> firing() {
        return engine.firing();
    }

    /** Every recorded transition of an alert, oldest first. */
    public synchronized List<OutboxEvent> timeline(String fingerprint) {
        return outbox.history(fingerprint, 1000);
    }

    /** False-positive marks, oldest first (labelled data for training). */
    public List<FalsePositive> falsePositives(int max) {
        return feedback.all(max);
    }

    public RuleSet rules() {
        return engine.rules();
    }

    private CycleReport commit(CycleResult r) {
        Instant wall = clock.instant();
        int recorded = 0;
        int duplicates = 0;
        List<String> receivers = dispatcher.receiverNames();
        // 1. Outbox first: once a transition is recorded it will be delivered, whatever happens next.
        for (AlertTransition t : r.transitions()) {
            if (outbox.record(t, receivers, wall)) {
                recorded++;
                LOG.log(t.kind().notifies() ? System.Logger.Level.INFO : System.Logger.Level.DEBUG, "alert {0} {1} {2} at {3}{4} [{5}]",
                    t.kind(), t.rule(), t.labels(), t.at(), t.note() == null ? "" : " (" + t.note() + ")", t.idempotencyKey());
                if (t.kind() == TransitionKind.FIRING) {
                    lastResent.put(t.fingerprint(), wall); // the outbox delivery below is its first send
                } else if (t.kind() == TransitionKind.RESOLVED) {
                    lastResent.remove(t.fingerprint());
                }
            } else {
                duplicates++;
                LOG.log(System.Logger.Level.INFO, "alert {0} {1} was recorded before (replay): not notified again [{2}]", t.kind(),
                    t.rule(), t.idempotencyKey());
            }
        }
        for (CycleResult.Hold h : r.held()) {
            LOG.log(System.Logger.Level.INFO, "alert {0} {1} held at {2}: {3}", h.rule(), h.fingerprint(), h.at(), h.reason());
        }
        for (FalsePositive f : r.falsePositives()) {
            feedback.save(f);
        }
        // 2. Then the state: a crash before this replays the cycle, and step 1 refuses the repeats.
        try {
            if (stateDirty) {
                states.saveAll(engine.snapshot(), wall);
                stateDirty = false;
            } else {
                states.save(r.changed(), r.removed(), r.histories(), wall);
            }
        } catch (RuntimeException e) {
            stateDirty = true;
            LOG.log(System.Logger.Level.ERROR, "alert state not saved (will save all of it next cycle): " + e.getMessage(), e);
        }
        // 3. Deliver.
        Dispatcher.DrainReport drain = dispatcher.drain();
        int resent = resendFiring();
        return new CycleReport(r.transitions(), recorded, duplicates, drain, resent);
    }

    /** Firing alerts whose last send to Alertmanager is a resend interval old go again (endsAt moves ahead). */
    private int resendFiring() {
        List<AlertmanagerReceiver> ams = dispatcher.receivers().stream().filter(Receiver::wantsResend)
            .filter(AlertmanagerReceiver.class::isInstance).map(AlertmanagerReceiver.class::cast).toList();
        if (ams.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<AlertState> due = engine.firing().stream().filter(s -> {
            Instant last = lastResent.get(s.fingerprint());
            return last == null || !now.isBefore(last.plus(config.resendInterval()));
        }).toList();
        if (due.isEmpty()) {
            return 0;
        }
        List<Notification> alerts = due.stream().map(s -> new Notification(s.fingerprint() + "-resend", s.fingerprint(),
            Notification.Status.FIRING, s.labels(), engine.annotations(s), s.activeSince(), null, null)).toList();
        boolean anyOk = false;
        for (AlertmanagerReceiver am : ams) {
            DeliveryResult res = am.sendAll(alerts, now);
            anyOk |= res.ok();
            if (!res.ok()) {
                LOG.log(System.Logger.Level.DEBUG, "re-send of {0} firing alerts to {1} failed: {2}", alerts.size(), am.name(), res.error());
            }
        }
        if (anyOk) {
            due.forEach(s -> lastResent.put(s.fingerprint(), now));
        }
        return anyOk ? due.size() : 0;
    }
}
