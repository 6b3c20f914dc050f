package io.kizashi.alerting.outbox;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.alerting.delivery.DeliveryConfig;
import io.kizashi.alerting.delivery.HttpSender;
import io.kizashi.alerting.delivery.Receiver;
import io.kizashi.alerting.delivery.WebhookReceiver;
import io.kizashi.alerting.engine.AlertEngine;
import io.kizashi.alerting.engine.AlertTransition;
import io.kizashi.alerting.engine.EngineSnapshot;
import io.kizashi.alerting.engine.FalsePositive;
import io.kizashi.alerting.engine.SeriesObservation;
import io.kizashi.alerting.engine.TransitionKind;
import io.kizashi.alerting.rules.AlertRules;
import io.kizashi.alerting.rules.RuleSet;
import io.kizashi.testkit.MutableClock;
import io.kizashi.testkit.WebhookSink;
import io.kizashi.core.model.Direction;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox, the dispatcher and the stores against a real Elasticsearch node and a local webhook. */
@WithElasticsearch
class OutboxEsTest {

    static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");
    static final SeriesKey API = new SeriesKey("mdm-http", "p95_latency", Map.of("service.name", "device-api"));
    static final RuleSet RULES = AlertRules.parseStrict("""
        name: latency
        condition: {score: {min: 75}}
        keep_firing_for: 2m
        """, "t.yaml");

    /** FIRING at minute 0 and RESOLVED at minute 3 of one alert. */
    static List<AlertTransition> episode() {
        AlertEngine e = new AlertEngine(RULES);
        List<AlertTransition> out = new ArrayList<>();
        double[] scores = {80, 10, 10, 10};
        for (int m = 0; m < scores.length; m++) {
            Instant t = T0.plus(Duration.ofMinutes(m));
            out.addAll(e.evaluate(t, List.of(SeriesObservation.ofScore(API, t, scores[m])), List.of()).transitions());
        }
        assertThat(out).extracting(AlertTransition::kind).containsExactly(TransitionKind.FIRING, TransitionKind.RESOLVED);
        return out;
    }

    static DeliveryConfig config() {
        return DeliveryConfig.of().withRetries(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(10));
    }

    @Test
    void aTransitionIsRecordedOnceAndItsDeliveryUpdatedWithOptimisticConcurrency(ElasticsearchClient es, IndexPrefix prefix) {
        Outbox outbox = new Outbox(es, new AlertIndices(prefix.value()));
        outbox.ensureIndex();
        AlertTransition firing = episode().getFirst();
        assertThat(outbox.record(firing, List.of("webhook:a", "webhook:b"), T0)).isTrue();
        assertThat(outbox.record(firing, List.of("webhook:a", "webhook:b"), T0.plusSeconds(5))).isFalse(); // same key: refused
        List<OutboxEvent> pending = outbox.pending(10);
        assertThat(pending).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(firing.idempotencyKey());
            assertThat(e.transition()).isEqualTo(firing);
            assertThat(e.recordedAt()).isEqualTo(T0);
            assertThat(e.deliveries()).extracting(Delivery::receiver).containsExactly("webhook:a", "webhook:b");
        });
        OutboxEvent read = pending.getFirst();
        List<Delivery> done = read.deliveries().stream().map(d -> d.delivered(T0.plusSeconds(1))).toList();
        assertThat(outbox.update(read.withDeliveries(done))).isTrue();
        assertThat(outbox.update(read.withDeliveries(done))).isFalse(); // stale copy: conflict
        assertThat(outbox.pending(10)).isEmpty();
        assertThat(outbox.get(firing.idempotencyKey()).orElseThrow().deliveries())
            .allSatisfy(d -> assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED));
        // a PENDING transition is recorded for the timeline but has nothing to deliver
        AlertTransition p = new AlertTransition("x-pending-1", TransitionKind.PENDING, "latency", "x", Map.of("alertname", "latency"),
            Map.of(), firing.severity(), T0, T0, null, null, null, null);
        assertThat(outbox.record(p, List.of("webhook:a"), T0)).isTrue();
        assertThat(outbox.get("x-pending-1").orElseThrow().deliveries()).isEmpty();
        assertThat(outbox.pending(10)).isEmpty();
    }

    @Test
    void failedDeliveriesAreRetriedWithBackoffAndAResolutionNeverOvertakesItsFiring(ElasticsearchClient es, IndexPrefix prefix)
            throws Exception {
        try (WebhookSink sink = new WebhookSink()) {
            MutableClock clock = new MutableClock(T0);
            Outbox outbox = new Outbox(es, new AlertIndices(prefix.value()));
            outbox.ensureIndex();
            Receiver hook = new WebhookReceiver("ops", sink.url("/hook"), new HttpSender(Duration.ofSeconds(2), Duration.ofSeconds(2)), null);
            Dispatcher d = new Dispatcher(outbox, List.of(hook), config(), clock);
            List<AlertTransition> ep = episode();
            outbox.record(ep.get(0), d.receiverNames(), clock.instant());
            outbox.record(ep.get(1), d.receiverNames(), clock.instant());

            sink.failNext(2, 503);
            // 1st attempt fails (retry in 1s); the resolution waits behind it
            assertThat(d.drain()).isEqualTo(new Dispatcher.DrainReport(0, 1, 0, 1));
            assertThat(d.drain()).isEqualTo(new Dispatcher.DrainReport(0, 0, 0, 2)); // backoff not over
            clock.advance(Duration.ofSeconds(1));
            assertThat(d.drain()).isEqualTo(new Dispatcher.DrainReport(0, 1, 0, 1)); // 2nd fails, next in 2s
            clock.advance(Duration.ofSeconds(1));
            assertThat(d.drain()).isEqualTo(new Dispatcher.DrainReport(0, 0, 0, 2));
            clock.advance(Duration.ofSeconds(1));
            assertThat(d.drain()).isEqualTo(new Dispatcher.DrainReport(2, 0, 0, 0)); // firing, then resolved
            assertThat(d.drain()).isEqualTo(Dispatcher.DrainReport.NONE);

            assertThat(sink.requests()).extracting(r -> r.body().get("status").asText()).containsExactly("firing", "resolved");
            OutboxEvent f = outbox.get(ep.get(0).idempotencyKey()).orElseThrow();
            assertThat(f.deliveries()).singleElement().satisfies(x -> {
                assertThat(x.status()).isEqualTo(Delivery.Status.DELIVERED);
                assertThat(x.attempts()).isEqualTo(3);
                assertThat(x.deliveredAt()).isEqualTo(T0.plusSeconds(3));
                assertThat(x.lastError()).contains("503");
            });
        }
    }

    @Test
    void aReceiverThatIsDownCostsOneAttemptPerDrainNotOnePerEvent(ElasticsearchClient es, IndexPrefix prefix) throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        MutableClock clock = new MutableClock(T0);
        Outbox outbox = new Outbox(es, new AlertIndices(prefix.value()));
        outbox.ensureIndex();
        HttpSender http = new HttpSender(Duration.ofSeconds(1), Duration.ofSeconds(1));
        try (WebhookSink sink = new WebhookSink()) {
            Receiver dead = new WebhookReceiver("dead", java.net.URI.create("http://127.0.0.1:" + closedPort + "/hook"), http, null);
            Receiver alive = new WebhookReceiver("alive", sink.url("/hook"), http, null);
            Dispatcher d = new Dispatcher(outbox, List.of(dead, alive), config(), clock);
            // three alerts (three services) firing at once
            AlertEngine e = new AlertEngine(RULES);
            List<SeriesObservation> obs = new ArrayList<>();
            for (String svc : List.of("auth", "inventory", "policy-engine")) {
                obs.add(SeriesObservation.ofScore(new SeriesKey("mdm-http", "p95_latency", Map.of("service.name", svc)), T0, 90));
            }
            for (AlertTransition t : e.evaluate(T0, obs, List.of()).transitions()) {
                outbox.record(t, d.receiverNames(), T0);
            }
            // the dead receiver is tried once, its other two events wait; the live one gets all three
            assertThat(d.drain()).isEqualTo(new Dispatcher.DrainReport(3, 1, 0, 2));
            assertThat(sink.requests()).hasSize(3);
            assertThat(outbox.pending(10)).hasSize(3).allSatisfy(ev -> assertThat(ev.deliveries())
                .filteredOn(x -> x.receiver().equals("webhook:dead")).singleElement()
                .satisfies(x -> assertThat(x.status()).isEqualTo(Delivery.Status.PENDING)));
        }
    }

    @Test
    void refusalsFailAtOnceOldEventsAreGivenUpAndRemovedReceiversDropped(ElasticsearchClient es, IndexPrefix prefix) {
        try (WebhookSink sink = new WebhookSink()) {
            MutableClock clock = new MutableClock(T0);
            Outbox outbox = new Outbox(es, new AlertIndices(prefix.value()));
            outbox.ensureIndex();
            HttpSender http = new HttpSender(Duration.ofSeconds(2), Duration.ofSeconds(2));
            Receiver hook = new WebhookReceiver("ops", sink.url("/hook"), http, null);
            Dispatcher d = new Dispatcher(outbox, List.of(hook), config(), clock);
            List<AlertTransition> ep = episode();
            outbox.record(ep.get(0), List.of("webhook:ops", "webhook:gone"), clock.instant());
            sink.failNext(1, 404);
            assertThat(d.drain()).isEqualTo(new Dispatcher.DrainReport(0, 0, 1, 0));
            OutboxEvent e = outbox.get(ep.get(0).idempotencyKey()).orElseThrow();
            assertThat(e.deliveries()).extracting(Delivery::status).containsExactly(Delivery.Status.FAILED, Delivery.Status.DROPPED);
            assertThat(e.pending()).isFalse();

            outbox.record(ep.get(1), List.of("webhook:ops"), clock.instant());
            sink.failNext(100, 503);
            d.drain();
            clock.advance(Duration.ofMinutes(11)); // beyond giveUpAfter = 10m
            assertThat(d.drain()).isEqualTo(new Dispatcher.DrainReport(0, 0, 1, 0));
            assertThat(outbox.get(ep.get(1).idempotencyKey()).orElseThrow().deliveries().getFirst().lastError())
                .startsWith("gave up after PT10M");
        }
    }

    @Test
    void stateAndFeedbackRoundTrip(ElasticsearchClient es, IndexPrefix prefix) {
        AlertIndices idx = new AlertIndices(prefix.value());
        StateStore states = new StateStore(es, idx);
        FeedbackStore feedback = new FeedbackStore(es, idx);
        states.ensureIndex();
        feedback.ensureIndex();
        RuleSet rules = AlertRules.parseStrict("""
            name: latency
            condition: {score: {min: 75, count: 2, of: 4}}
            rate_limit: {max: 3, per: 1h}
            """, "t.yaml");
        AlertEngine e = new AlertEngine(rules);
        SeriesObservation o = new SeriesObservation(API, T0, 1234.5, 300, 250, 350, 82, 1e-9, true, Direction.HIGH, "sustained_shift",
            0.8, Double.NaN, List.of(), null, List.of("r1"), "https://kibana/x", null);
        var r1 = e.evaluate(T0, List.of(o), List.of());
        SeriesObservation o2 = new SeriesObservation(API, T0.plusSeconds(60), 1500, 300, 250, 350, 20, 1e-9, true, Direction.HIGH,
            "sustained_shift", 0.8, Double.NaN, List.of(), null, List.of("r2"), "https://kibana/y", null);
        var r2 = e.evaluate(T0.plusSeconds(60), List.of(o2), List.of());
        assertThat(r1.transitions()).isEmpty(); // 1 of 4
        assertThat(r2.transitions()).extracting(AlertTransition::kind).containsExactly(TransitionKind.FIRING); // 2 of 4
        states.save(r1.changed(), r1.removed(), r1.histories(), T0);
        EngineSnapshot before = e.snapshot();
        FalsePositive fp = e.markFalsePositive(before.alerts().getFirst().fingerprint(), T0.plusSeconds(90), "alice", "known batch")
            .falsePositives().getFirst();
        feedback.save(fp);
        states.saveAll(e.snapshot(), T0.plusSeconds(90));

        EngineSnapshot loaded = states.load(feedback.active(T0.plusSeconds(100)));
        assertThat(loaded.alerts()).isEqualTo(e.snapshot().alerts());
        assertThat(loaded.histories()).isEqualTo(e.snapshot().histories());
        assertThat(loaded.falsePositives()).containsExactly(fp);
        assertThat(feedback.active(fp.until())).isEmpty();
        assertThat(feedback.all(10)).singleElement().satisfies(f -> {
            assertThat(f.evidence().series()).isEqualTo(API.canonical());
            assertThat(f.evidence().value()).isEqualTo(1500);
            assertThat(f.evidence().requestIds()).containsExactly("r2");
            assertThat(f.evidence().precursorProbability()).isEqualTo(0.8);
        });
    }
}
