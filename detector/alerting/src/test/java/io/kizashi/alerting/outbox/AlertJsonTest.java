package io.kizashi.alerting.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.kizashi.alerting.engine.AlertEngine;
import io.kizashi.alerting.engine.AlertState;
import io.kizashi.alerting.engine.AlertTransition;
import io.kizashi.alerting.engine.EngineSnapshot;
import io.kizashi.alerting.engine.Phase;
import io.kizashi.alerting.engine.SeriesObservation;
import io.kizashi.alerting.rules.AlertRules;
import io.kizashi.alerting.rules.RuleSet;
import io.kizashi.core.series.SeriesKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state mapper: old layouts keep loading (fixture), and what is written reads back equal. */
class AlertJsonTest {

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = AlertJsonTest.class.getResourceAsStream("/fixtures/" + name)) {
            return AlertJson.MAPPER.readTree(in);
        }
    }

    @Test
    void aVersion1StateLoads() throws IOException {
        AlertState s = AlertJson.state(fixture("alert-state-v1.json"));
        assertThat(s.phase()).isEqualTo(Phase.FIRING);
        assertThat(s.firedAt()).isEqualTo(Instant.parse("2025-06-02T10:04:00Z"));
        assertThat(s.keepFiringSince()).isEqualTo(Instant.parse("2025-06-02T10:06:00Z"));
        assertThat(s.resolvedAt()).isNull();
        assertThat(s.labels()).containsEntry("service_name", "device-gateway").hasSize(6);
        assertThat(s.evidence().value()).isEqualTo(1234.5);
        assertThat(s.evidence().precursorProbability()).isNaN();
        assertThat(s.evidence().requestIds()).containsExactly("req-7", "req-9");
        assertThat(s.members()).singleElement().satisfies(m -> {
            assertThat(m.hits()).isEqualTo("01110");
            assertThat(m.active()).isTrue();
            assertThat(m.evidence().lower()).isNaN(); // absent fields read as NaN
        });
        // An engine continues from it. The rule's condition digest differs from the stored one (as after an
        // edit or an upgrade), so the windows restart: a quiet bucket 1 minute after keep_firing_since resolves.
        RuleSet rules = AlertRules.parseStrict("""
            name: api-latency-high
            condition: {score: {min: 75, count: 3, of: 5}}
            keep_firing_for: 1m
            severity: critical
            labels: {team: mdm-platform}
            """, "r.yaml");
        AlertEngine e = new AlertEngine(rules, new EngineSnapshot(List.of(s), List.of(), List.of()));
        SeriesKey k = new SeriesKey("mdm-requests", "p95_latency", Map.of("service.name", "device-gateway"));
        assertThat(e.firing()).hasSize(1);
        Instant t = Instant.parse("2025-06-02T10:07:00Z");
        var r = e.evaluate(t, List.of(SeriesObservation.ofScore(k, t, 5)), List.of());
        assertThat(r.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.idempotencyKey()).isEqualTo("b25df020a10bebac-resolved-" + Instant.parse("2025-06-02T10:04:00Z").toEpochMilli());
            assertThat(tr.activeSince()).isEqualTo(Instant.parse("2025-06-02T10:02:00Z"));
            assertThat(tr.resolvedAt()).isEqualTo(t);
            assertThat(tr.note()).isNull();
        });
    }

    @Test
    void aNewerLayoutIsRefusedWithAClearMessage() throws IOException {
        var n = (com.fasterxml.jackson.databind.node.ObjectNode) fixture("alert-state-v1.json");
        n.put("version", 99);
        assertThatThrownBy(() -> AlertJson.state(n)).hasMessageContaining("layout version 99").hasMessageContaining("upgrade Kizashi");
    }

    @Test
    void statesAndTransitionsRoundTrip() {
        RuleSet rules = AlertRules.parseStrict("""
            name: latency
            condition: {score: {min: 75, count: 2, of: 3}}
            keep_firing_for: 2m
            """, "r.yaml");
        AlertEngine e = new AlertEngine(rules);
        SeriesKey k = new SeriesKey("mdm-requests", "p95_latency", Map.of("service.name", "auth"));
        Instant t0 = Instant.parse("2025-06-02T10:00:00Z");
        List<AlertTransition> all = new ArrayList<>();
        double[] scores = {80, 80, 10, 10, 10, 10};
        for (int i = 0; i < scores.length; i++) {
            Instant t = t0.plus(Duration.ofMinutes(i));
            all.addAll(e.evaluate(t, List.of(SeriesObservation.ofScore(k, t, scores[i]).withPrecursor(0.25)), List.of()).transitions());
            for (AlertState s : e.snapshot().alerts()) {
                assertThat(AlertJson.state(AlertJson.state(s))).isEqualTo(s);
            }
        }
        assertThat(all).hasSize(2);
        for (AlertTransition t : all) {
            assertThat(AlertJson.transition(AlertJson.transition(t))).isEqualTo(t);
        }
    }
}
