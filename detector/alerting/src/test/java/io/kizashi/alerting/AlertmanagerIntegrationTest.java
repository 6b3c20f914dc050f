package io.kizashi.alerting;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.alerting.delivery.AlertmanagerReceiver;
import io.kizashi.alerting.delivery.DeliveryConfig;
import io.kizashi.alerting.delivery.HttpSender;
import io.kizashi.alerting.delivery.Receiver;
import io.kizashi.alerting.delivery.WebhookReceiver;
import io.kizashi.alerting.engine.SeriesObservation;
import io.kizashi.alerting.engine.TransitionKind;
import io.kizashi.alerting.outbox.AlertIndices;
import io.kizashi.alerting.outbox.Delivery;
import io.kizashi.alerting.outbox.Outbox;
import io.kizashi.alerting.outbox.OutboxEvent;
import io.kizashi.alerting.rules.AlertRules;
import io.kizashi.alerting.rules.RuleSet;
import io.kizashi.testkit.AlertmanagerProcess;
import io.kizashi.testkit.WebhookSink;
import io.kizashi.core.model.Direction;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end through Debian's real Alertmanager: Kizashi's outbox posts to Alertmanager's API v2,
 * Alertmanager notifies a webhook served by the test. Time runs for real, compressed: one bucket is 500 ms.
 * Prints the notification timeline of the demo incident and the delivery latencies.
 */
@WithElasticsearch
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AlertmanagerIntegrationTest {

    static final Duration BUCKET = Duration.ofMillis(500);
    static final SeriesKey API = new SeriesKey("mdm-http", "p95_latency", Map.of("service.name", "device-api"));
    static final RuleSet RULES = AlertRules.parseStrict("""
        group: demo
        labels: {team: mdm-core}
        rules:
          - name: mdm-precursor
            condition: {precursor: {min: 0.7, count: 2, of: 2}}
            severity: warning
            annotations: {summary: "instability precursor on {{ labels.service_name }} (p = {{ precursor_probability }})"}
          - name: api-latency-high
            condition: {score: {min: 75, count: 3, of: 5}}
            for: 1s
            keep_firing_for: 1s
            severity: critical
            annotations:
              summary: "p95 latency of {{ labels.service_name }} is {{ value | %.0f }} ms (expected {{ expected | %.0f }})"
        """, "demo.yaml");

    @BeforeAll
    static void needsAlertmanager() {
        assumeTrue(AlertmanagerProcess.available(), "skipped: " + AlertmanagerProcess.BINARY
            + " is not installed (apt-get install prometheus-alertmanager; ./kizashi test installs it)");
    }

    /** One bucket of the demo incident: precursor first, then latency, then recovery. */
    static SeriesObservation observation(int i, Instant bucket) {
        boolean precursor = i >= 4 && i <= 6;
        boolean latency = i >= 7 && i <= 14;
        double score = latency ? 85 : 5;
        double value = latency ? 1200 + 10 * i : 300;
        return new SeriesObservation(API, bucket, value, 310, 250, 380, score, Math.pow(10, -score / 10), latency,
            latency ? Direction.HIGH : Direction.NONE, latency ? "sustained_shift" : "normal", precursor ? 0.85 : 0.2, Double.NaN, List.of(),
            null, List.of("req-" + i), "https://kibana.example/app/discover#/?i=" + i, null);
    }

    static DeliveryConfig config() {
        return DeliveryConfig.of().withResendInterval(Duration.ofSeconds(2))
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
            .withRetries(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    @Test
    void aSimulatedIncidentNotifiesOnceFiringAndOnceResolvedThroughAlertmanagerAcrossAKizashiRestart(
            ElasticsearchClient es, IndexPrefix prefix, @TempDir Path amDir) throws Exception {
        try (WebhookSink sink = new WebhookSink();
             AlertmanagerProcess am = new AlertmanagerProcess(amDir, sink.url("/am")).start()) {
            AlertIndices indices = new AlertIndices(prefix.value());
            HttpSender http = new HttpSender(Duration.ofSeconds(1), Duration.ofSeconds(2));
            List<Receiver> receivers = List.of(new AlertmanagerReceiver(am.url(), http, Duration.ofSeconds(8)),
                new WebhookReceiver("direct", sink.url("/direct"), http, null));
            AlertingService kizashi = AlertingService.start(es, RULES, indices, receivers, config(), Clock.systemUTC());

            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            List<Instant> buckets = new ArrayList<>();
            int resent = 0;
            for (int i = 0; i < 22; i++) {
                Instant b = start.plus(BUCKET.multipliedBy(i));
                buckets.add(b);
                sleepUntil(b);
                if (i == 13) {
                    // Kizashi restarts while the alert fires: a new instance reads state and outbox from
                    // Elasticsearch, and the service replays the last three buckets.
                    kizashi = AlertingService.start(es, RULES, indices, receivers, config(), Clock.systemUTC());
                    assertThat(kizashi.firing()).extracting(s -> s.rule()).containsExactly("api-latency-high");
                    for (int r = i - 3; r < i; r++) {
                        AlertingService.CycleReport replay = kizashi.evaluate(buckets.get(r), List.of(observation(r, buckets.get(r))), List.of());
                        assertThat(replay.transitions()).isEmpty();
                    }
                }
                AlertingService.CycleReport report = kizashi.evaluate(b, List.of(observation(i, b)), List.of());
                resent += report.resent();
            }
            // Alertmanager sends the resolution at its next group_interval (1 s); wait for it, then a little
            // longer to see that nothing else comes.
            List<WebhookSink.Request> resolved = sink.await(r -> r.path().equals("/am") && "resolved".equals(status(r))
                && "api-latency-high".equals(alertname(r)), 1, Duration.ofSeconds(15));
            assertThat(resolved).as("Alertmanager log:%n%s", am.log()).hasSize(1);
            Thread.sleep(2500);

            List<String> viaAm = sink.requests().stream().filter(r -> r.path().equals("/am"))
                .map(r -> alertname(r) + ":" + status(r)).toList();
            assertThat(viaAm).containsExactly("mdm-precursor:firing", "mdm-precursor:resolved", "api-latency-high:firing",
                "api-latency-high:resolved");
            List<String> direct = sink.requests().stream().filter(r -> r.path().equals("/direct"))
                .map(r -> alertname(r) + ":" + status(r)).toList();
            assertThat(direct).containsExactly("mdm-precursor:firing", "mdm-precursor:resolved", "api-latency-high:firing",
                "api-latency-high:resolved");
            assertThat(resent).as("firing alerts were re-sent to Alertmanager while firing").isPositive();

            WebhookSink.Request amFiring = sink.requests().stream().filter(r -> r.path().equals("/am")
                && "api-latency-high".equals(alertname(r)) && "firing".equals(status(r))).findFirst().orElseThrow();
            assertThat(amFiring.body().get("commonLabels").get("severity").asText()).isEqualTo("critical");
            assertThat(amFiring.body().get("commonLabels").get("team").asText()).isEqualTo("mdm-core");
            assertThat(amFiring.body().get("commonAnnotations").get("summary").asText())
                .matches("p95 latency of device-api is 1\\d{3} ms \\(expected 310\\)");
            assertThat(amFiring.body().get("commonAnnotations").get("discover_url").asText()).startsWith("https://kibana.example/");

            report(new Outbox(es, indices), sink, start);
        }
    }

    /**
     * Two Alertmanagers (an HA pair; Kizashi sends to each): one is up, the other is down while the incident
     * starts. The one that is up notifies at once; the other gets the alert when it returns. Each notifies
     * exactly once firing and once resolved.
     */
    @Test
    void alertsRaisedWhileAnAlertmanagerIsDownAreDeliveredWhenItReturns(ElasticsearchClient es, IndexPrefix prefix,
                                                                      @TempDir Path amDir) throws Exception {
        try (WebhookSink sink = new WebhookSink();
             AlertmanagerProcess up = new AlertmanagerProcess(java.nio.file.Files.createDirectories(amDir.resolve("a")),
                 sink.url("/am-a")).start();
             AlertmanagerProcess down = new AlertmanagerProcess(java.nio.file.Files.createDirectories(amDir.resolve("b")),
                 sink.url("/am-b"))) {
            AlertIndices indices = new AlertIndices(prefix.value());
            HttpSender http = new HttpSender(Duration.ofSeconds(1), Duration.ofSeconds(2));
            List<Receiver> receivers = List.of(new AlertmanagerReceiver(up.url(), http, Duration.ofSeconds(8)),
                new AlertmanagerReceiver(down.url(), http, Duration.ofSeconds(8)));
            AlertingService kizashi = AlertingService.start(es, RULES, indices, receivers, config(), Clock.systemUTC());
            Outbox outbox = new Outbox(es, indices);
            String downName = receivers.get(1).name();

            // The second Alertmanager is down (not started): the incident fires, its delivery there fails and is retried.
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            for (int i = 7; i <= 12; i++) {
                Instant b = start.plus(BUCKET.multipliedBy(i - 7));
                sleepUntil(b);
                kizashi.evaluate(b, List.of(observation(i, b)), List.of());
            }
            OutboxEvent firing = outbox.all(100).stream().filter(e -> e.transition().kind() == TransitionKind.FIRING)
                .findFirst().orElseThrow();
            Delivery before = firing.deliveries().stream().filter(d -> d.receiver().equals(downName)).findFirst().orElseThrow();
            assertThat(before.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(before.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(before.lastError()).contains("ConnectException");
            assertThat(sink.await(r -> r.path().equals("/am-a") && "firing".equals(status(r)), 1, Duration.ofSeconds(5)))
                .as("the Alertmanager that is up notified without waiting for the other").hasSize(1);

            Instant amBack = Instant.now();
            down.start();
            Instant amReady = Instant.now();
            List<WebhookSink.Request> got = List.of();
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.isEmpty() && System.nanoTime() < end) {
                kizashi.drain(); // what the service's periodic drain does
                got = sink.await(r -> r.path().equals("/am-b") && "firing".equals(status(r)), 1, Duration.ofMillis(300));
            }
            assertThat(got).as("Alertmanager log:%n%s", down.log()).hasSize(1);
            Delivery after = outbox.get(firing.key()).orElseThrow().deliveries().stream()
                .filter(d -> d.receiver().equals(downName)).findFirst().orElseThrow();
            assertThat(after.status()).isEqualTo(Delivery.Status.DELIVERED);
            System.out.printf("%n[alertmanager outage] firing recorded at %s; %d failed attempts while the second Alertmanager was down;%n"
                    + "  it was started at %s (ready after %d ms); the outbox delivered at %s (%d ms after ready);%n"
                    + "  its notification reached the webhook at %s (%d ms after ready, %d ms after the transition was recorded)%n",
                firing.recordedAt(), after.attempts() - 1, amBack, Duration.between(amBack, amReady).toMillis(), after.deliveredAt(),
                Duration.between(amReady, after.deliveredAt()).toMillis(), got.getFirst().arrivedAt(),
                Duration.between(amReady, got.getFirst().arrivedAt()).toMillis(),
                Duration.between(firing.recordedAt(), got.getFirst().arrivedAt()).toMillis());

            // The incident ends: one resolution from each, and still one firing notification from each.
            Instant resume = Instant.now();
            for (int i = 15; i <= 20; i++) {
                Instant b = resume.plus(BUCKET.multipliedBy(i - 15));
                sleepUntil(b);
                kizashi.evaluate(b, List.of(observation(i, b)), List.of());
            }
            assertThat(sink.await(r -> "resolved".equals(status(r)), 2, Duration.ofSeconds(15))).hasSize(2);
            Thread.sleep(2000);
            assertThat(sink.requests().stream().filter(r -> r.path().equals("/am-a")).map(AlertmanagerIntegrationTest::status))
                .containsExactly("firing", "resolved");
            assertThat(sink.requests().stream().filter(r -> r.path().equals("/am-b")).map(AlertmanagerIntegrationTest::status))
                .containsExactly("firing", "resolved");
        }
    }

    static String status(WebhookSink.Request r) {
        return r.body().path("status").asText();
    }

    static String alertname(WebhookSink.Request r) {
        return r.body().path("commonLabels").path("alertname").asText();
    }

    /** The notification timeline of the demo incident and the delivery latency per notification. */
    private static void report(Outbox outbox, WebhookSink sink, Instant start) {
        List<OutboxEvent> events = new ArrayList<>(outbox.all(100));
        events.sort(Comparator.comparing((OutboxEvent e) -> e.transition().at()).thenComparing(OutboxEvent::recordedAt));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%n[demo incident] one bucket = %d ms; t = bucket time - %s%n", BUCKET.toMillis(), start));
        sb.append(String.format("%-18s %-9s %-9s %-26s %-13s %-13s%n", "alert", "kind", "t", "recorded (wall)", "webhook", "via AM"));
        List<Long> direct = new ArrayList<>();
        List<Long> viaAm = new ArrayList<>();
        for (OutboxEvent e : events) {
            var t = e.transition();
            String arrivedDirect = "-";
            String arrivedAm = "-";
            if (t.kind().notifies()) {
                String st = t.kind() == TransitionKind.FIRING ? "firing" : "resolved";
                var d = sink.requests().stream().filter(r -> r.path().equals("/direct") && t.rule().equals(alertname(r))
                    && st.equals(status(r))).findFirst();
                var a = sink.requests().stream().filter(r -> r.path().equals("/am") && t.rule().equals(alertname(r))
                    && st.equals(status(r))).findFirst();
                if (d.isPresent()) {
                    long ms = Duration.between(e.recordedAt(), d.get().arrivedAt()).toMillis();
                    direct.add(ms);
                    arrivedDirect = "+" + ms + " ms";
                }
                if (a.isPresent()) {
                    long ms = Duration.between(e.recordedAt(), a.get().arrivedAt()).toMillis();
                    viaAm.add(ms);
                    arrivedAm = "+" + ms + " ms";
                }
            }
            sb.append(String.format("%-18s %-9s %-9s %-26s %-13s %-13s%n", t.rule(), t.kind(),
                String.format("%+.1fs", Duration.between(start, t.at()).toMillis() / 1000.0), e.recordedAt(), arrivedDirect, arrivedAm));
        }
        sb.append(String.format("delivery latency, transition recorded -> webhook: direct %s ms; through Alertmanager %s ms"
            + " (Alertmanager group_wait 500 ms / group_interval 1 s included)%n", direct, viaAm));
        System.out.print(sb);
    }
}
