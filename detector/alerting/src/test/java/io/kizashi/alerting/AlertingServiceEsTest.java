package io.kizashi.alerting;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.alerting.delivery.DeliveryConfig;
import io.kizashi.alerting.engine.SeriesObservation;
import io.kizashi.alerting.engine.TransitionKind;
import io.kizashi.alerting.outbox.AlertIndices;
import io.kizashi.alerting.outbox.OutboxEvent;
import io.kizashi.alerting.rules.AlertRules;
import io.kizashi.alerting.rules.RuleSet;
import io.kizashi.testkit.MutableClock;
import io.kizashi.testkit.WebhookSink;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service loop (engine, outbox, state, feedback, delivery) on a real node, with a direct webhook receiver. */
@WithElasticsearch
class AlertingServiceEsTest {

    static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");
    static final SeriesKey API = new SeriesKey("mdm-http", "p95_latency", Map.of("service.name", "device-api"));
    static final RuleSet RULES = AlertRules.parseStrict("""
        name: latency
        condition: {score: {min: 75, count: 2, of: 3}}
        for: 1m
        annotations: {summary: "p95 of {{ labels.service_name }}: score {{ raw_score | %.0f }}"}
        """, "t.yaml");

    static Instant t(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    static List<SeriesObservation> bucket(int minute, double score) {
        return List.of(SeriesObservation.ofScore(API, t(minute), score));
    }

    static AlertingService start(ElasticsearchClient es, IndexPrefix prefix, WebhookSink sink, MutableClock clock) {
        DeliveryConfig cfg = DeliveryConfig.of()
            .withWebhooks(List.of(new DeliveryConfig.Named("ops", sink.url("/hook"))))
            .withRetries(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofHours(1));
        return AlertingService.start(es, RULES, new AlertIndices(prefix.value()), cfg, clock);
    }

    @Test
    void aRestartContinuesTheAlertWithoutDuplicatingOrLosingNotifications(ElasticsearchClient es, IndexPrefix prefix) throws Exception {
        try (WebhookSink sink = new WebhookSink()) {
            MutableClock clock = new MutableClock(t(0));
            AlertingService a = start(es, prefix, sink, clock);
            double[] scores = {10, 80, 80, 80, 80, 10, 10, 10};
            // minutes 0..3: 2 of 3 from minute 2 -> pending at 2, firing at 3 (for 1m)
            for (int m = 0; m <= 3; m++) {
                clock.set(t(m));
                a.evaluate(t(m), bucket(m, scores[m]), List.of());
            }
            assertThat(sink.requests()).extracting(r -> r.body().get("status").asText()).containsExactly("firing");

            // restart: a new instance on the same indices; the service replays the last 3 buckets, then goes on
            AlertingService b = start(es, prefix, sink, clock);
            assertThat(b.firing()).hasSize(1);
            for (int m = 1; m < scores.length; m++) {
                clock.set(t(m));
                b.evaluate(t(m), bucket(m, scores[m]), List.of());
            }
            // 2 of 3 holds through minute 5 ([1,1,0]); inactive at 6 -> resolved at 6
            assertThat(sink.requests()).extracting(r -> r.body().get("status").asText()).containsExactly("firing", "resolved");
            assertThat(sink.requests().get(1).body().get("alerts").get(0).get("endsAt").asText()).isEqualTo(t(6).toString());
            assertThat(sink.requests().getFirst().body().get("commonAnnotations").get("summary").asText())
                .isEqualTo("p95 of device-api: score 80");

            String fp = sink.requests().getFirst().body().get("alerts").get(0).get("fingerprint").asText();
            assertThat(b.timeline(fp)).extracting(e -> e.transition().kind() + "@" + e.transition().at())
                .containsExactly("PENDING@" + t(2), "FIRING@" + t(3), "RESOLVED@" + t(6));
        }
    }

    @Test
    void aCrashBetweenOutboxAndStateReplaysTheTransitionAndTheOutboxRefusesIt(ElasticsearchClient es, IndexPrefix prefix)
            throws Exception {
        try (WebhookSink sink = new WebhookSink()) {
            MutableClock clock = new MutableClock(t(0));
            AlertingService a = start(es, prefix, sink, clock);
            for (int m = 0; m <= 3; m++) {
                a.evaluate(t(m), bucket(m, m == 0 ? 10 : 80), List.of());
            }
            assertThat(sink.requests()).hasSize(1);
            // The crash: the transition reached the outbox, the state written after it did not.
            new IndexAdmin(es).deleteIfExists(new AlertIndices(prefix.value()).state());

            clock.set(t(4));
            AlertingService b = start(es, prefix, sink, clock);
            assertThat(b.firing()).isEmpty(); // no state: the engine starts afresh and the service replays
            AlertingService.CycleReport r = null;
            for (int m = 0; m <= 3; m++) {
                r = b.evaluate(t(m), bucket(m, m == 0 ? 10 : 80), List.of());
            }
            assertThat(r.transitions()).extracting(x -> x.kind()).containsExactly(TransitionKind.FIRING);
            assertThat(r.duplicates()).isEqualTo(1); // the same key as before the crash: refused
            assertThat(r.recorded()).isZero();
            assertThat(sink.requests()).hasSize(1);  // not notified twice
            assertThat(b.firing()).hasSize(1);       // and the alert goes on firing
        }
    }

    @Test
    void aFalsePositiveMarkIsStoredResolvesTheAlertAndKeepsSuppressingAfterARestart(ElasticsearchClient es, IndexPrefix prefix)
            throws Exception {
        try (WebhookSink sink = new WebhookSink()) {
            MutableClock clock = new MutableClock(t(0));
            AlertingService a = start(es, prefix, sink, clock);
            for (int m = 0; m <= 3; m++) {
                a.evaluate(t(m), bucket(m, m == 0 ? 10 : 80), List.of());
            }
            String fp = a.firing().getFirst().fingerprint();
            clock.set(t(3).plusSeconds(20));
            AlertingService.CycleReport r = a.markFalsePositive(fp, "alice", "nightly batch");
            assertThat(r.transitions()).extracting(x -> x.kind()).containsExactly(TransitionKind.RESOLVED);
            assertThat(sink.requests()).extracting(x -> x.body().get("status").asText()).containsExactly("firing", "resolved");
            assertThat(a.falsePositives(10)).singleElement().satisfies(f -> {
                assertThat(f.by()).isEqualTo("alice");
                assertThat(f.note()).isEqualTo("nightly batch");
                assertThat(f.until()).isEqualTo(t(3).plusSeconds(20).plus(Duration.ofHours(24)));
            });
            assertThatThrownBy(() -> a.markFalsePositive("ffffffffffffffff", "bob", "")).isInstanceOf(IllegalArgumentException.class);

            AlertingService b = start(es, prefix, sink, clock);
            for (int m = 4; m <= 8; m++) {
                clock.set(t(m));
                AlertingService.CycleReport c = b.evaluate(t(m), bucket(m, 80), List.of());
                assertThat(c.transitions()).extracting(x -> x.kind()).doesNotContain(TransitionKind.FIRING);
            }
            assertThat(sink.requests()).hasSize(2);
            List<OutboxEvent> tl = b.timeline(fp);
            assertThat(tl.getLast().transition().kind()).isEqualTo(TransitionKind.PENDING);
        }
    }
}
