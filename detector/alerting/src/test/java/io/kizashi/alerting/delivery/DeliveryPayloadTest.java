package io.kizashi.alerting.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kizashi.testkit.WebhookSink;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The three payloads with known values, and HTTP outcomes against a local receiver. */
class DeliveryPayloadTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2025-06-02T10:00:00Z");
    static final Instant NOW = Instant.parse("2025-06-02T10:07:00Z");
    static final Map<String, String> LABELS = Map.of("alertname", "api-latency-high", "severity", "critical", "job", "mdm-http",
        "service_name", "device-api");
    static final Map<String, String> ANNOTATIONS = Map.of("summary", "p95 latency 1234 ms (expected 310)",
        "discover_url", "https://kibana/app/discover#/?_g=x");

    static Notification firing() {
        return new Notification("fp1-firing-1", "fp1", Notification.Status.FIRING, LABELS, ANNOTATIONS, START, null,
            "https://kizashi/alerts/fp1");
    }

    static Notification resolved(Instant at) {
        return new Notification("fp1-resolved-1", "fp1", Notification.Status.RESOLVED, LABELS, ANNOTATIONS, START, at, null);
    }

    @Test
    void alertmanagerV2FiringEndsAtTheHorizonAndAResolutionEndsWhenItResolved() throws Exception {
        JsonNode f = JSON.readTree(AlertmanagerReceiver.payload(List.of(firing()), NOW, Duration.ofMinutes(4)));
        assertThat(f.isArray()).isTrue();
        assertThat(f.get(0).get("labels").get("service_name").asText()).isEqualTo("device-api");
        assertThat(f.get(0).get("annotations").get("summary").asText()).startsWith("p95 latency");
        assertThat(f.get(0).get("startsAt").asText()).isEqualTo("2025-06-02T10:00:00Z");
        assertThat(f.get(0).get("endsAt").asText()).isEqualTo("2025-06-02T10:11:00Z");
        assertThat(f.get(0).get("generatorURL").asText()).isEqualTo("https://kizashi/alerts/fp1");

        JsonNode r = JSON.readTree(AlertmanagerReceiver.payload(List.of(resolved(Instant.parse("2025-06-02T10:05:00Z"))), NOW,
            Duration.ofMinutes(4)));
        assertThat(r.get(0).get("endsAt").asText()).isEqualTo("2025-06-02T10:05:00Z");
        // a resolution time ahead of the clock would keep it firing until then: clamp to now
        JsonNode ahead = JSON.readTree(AlertmanagerReceiver.payload(List.of(resolved(NOW.plusSeconds(60))), NOW, Duration.ofMinutes(4)));
        assertThat(ahead.get(0).get("endsAt").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void webhookV4PayloadHasAlertmanagersShape() throws Exception {
        JsonNode p = JSON.readTree(WebhookReceiver.payload(firing(), "webhook:ops", "https://kizashi"));
        assertThat(p.get("version").asText()).isEqualTo("4");
        assertThat(p.get("status").asText()).isEqualTo("firing");
        assertThat(p.get("receiver").asText()).isEqualTo("webhook:ops");
        assertThat(p.get("groupKey").asText()).isEqualTo("{}/{kizashi}:{fingerprint=\"fp1\"}");
        assertThat(p.get("groupLabels").toString()).isEqualTo("{\"alertname\":\"api-latency-high\"}");
        assertThat(p.get("commonLabels").get("job").asText()).isEqualTo("mdm-http");
        assertThat(p.get("externalURL").asText()).isEqualTo("https://kizashi");
        assertThat(p.get("truncatedAlerts").asInt()).isZero();
        JsonNode a = p.get("alerts").get(0);
        assertThat(a.get("status").asText()).isEqualTo("firing");
        assertThat(a.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(a.get("fingerprint").asText()).isEqualTo("fp1");
        JsonNode r = JSON.readTree(WebhookReceiver.payload(resolved(NOW), "webhook:ops", null));
        assertThat(r.get("status").asText()).isEqualTo("resolved");
        assertThat(r.get("alerts").get(0).get("endsAt").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void slackPayloadEscapesAndLinks() throws Exception {
        Notification n = new Notification("k", "fp1", Notification.Status.FIRING,
            Map.of("alertname", "a<b>", "severity", "critical", "service_name", "x&y"), Map.of("summary", "1 < 2",
                "discover_url", "https://kibana/d"), START, null, null);
        JsonNode s = JSON.readTree(SlackReceiver.payload(n));
        assertThat(s.get("text").asText()).isEqualTo(":rotating_light: [FIRING] a&lt;b&gt; (critical): 1 &lt; 2");
        JsonNode att = s.get("attachments").get(0);
        assertThat(att.get("color").asText()).isEqualTo("#d00000");
        assertThat(att.get("title_link").asText()).isEqualTo("https://kibana/d");
        assertThat(att.get("fields").toString()).isEqualTo("[{\"title\":\"service_name\",\"value\":\"x&amp;y\",\"short\":true}]");
        assertThat(att.get("ts").asLong()).isEqualTo(START.getEpochSecond());
    }

    @Test
    void httpOutcomesAreClassifiedAndSecretsStayOutOfMessages() throws Exception {
        HttpSender http = new HttpSender(Duration.ofSeconds(2), Duration.ofSeconds(2));
        try (WebhookSink sink = new WebhookSink()) {
            URI secret = sink.url("/services/T000/B000/XXXXSECRET");
            WebhookReceiver hook = new WebhookReceiver("ops", secret, http, null);
            assertThat(hook.send(firing(), NOW).ok()).isTrue();
            assertThat(sink.requests()).singleElement().satisfies(r -> {
                assertThat(r.header("Idempotency-Key")).isEqualTo("fp1-firing-1");
                assertThat(r.body().get("status").asText()).isEqualTo("firing");
            });
            sink.failNext(1, 503);
            DeliveryResult down = hook.send(firing(), NOW);
            assertThat(down.retryable()).isTrue();
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.error()).doesNotContain("SECRET").contains("webhook:ops http://127.0.0.1:");
            sink.failNext(1, 400);
            DeliveryResult refused = new SlackReceiver("chat", secret, http).send(firing(), NOW);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.retryable()).isFalse();
            assertThat(refused.error()).doesNotContain("SECRET");
            assertThat(hook.toString()).doesNotContain("SECRET");
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        DeliveryResult refusedConnection = new AlertmanagerReceiver(URI.create("http://127.0.0.1:" + closedPort), http,
            Duration.ofMinutes(4)).send(firing(), NOW);
        assertThat(refusedConnection.retryable()).isTrue();
        assertThat(refusedConnection.status()).isZero();
        assertThatThrownBy(() -> new AlertmanagerReceiver(URI.create("http://user:pw@am:9093"), http, Duration.ofMinutes(4)))
            .hasMessageContaining("carries credentials").hasMessageNotContaining("pw");
        assertThat(DeliveryConfig.of().withWebhooks(List.of(new DeliveryConfig.Named("ops", URI.create("https://h/secret-token"))))
            .toString()).doesNotContain("secret-token");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        DeliveryConfig c = DeliveryConfig.of().withRetries(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(1));
        assertThat(List.of(c.backoff(1), c.backoff(2), c.backoff(3), c.backoff(4), c.backoff(5), c.backoff(60)))
            .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
}
