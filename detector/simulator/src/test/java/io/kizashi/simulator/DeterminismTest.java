package io.kizashi.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeterminismTest {

    static final Instant START = Instant.parse("2025-03-02T15:00:00Z"); // Monday 00:00 in Tokyo

    /** A config with one incident of each kind scripted into the first day, so every code path runs. */
    static SimulationConfig withAllIncidents(long seed) {
        SimulationConfig c = SimulationConfig.defaults(seed, START).withIncidentsPerDay(0);
        Instant t = START.plus(Duration.ofHours(10)); // 10:00 JST
        c = c.withIncident(c.incident("pool-1", IncidentKind.DB_POOL_SATURATION, "inventory", t, t.plus(Duration.ofMinutes(20)), t.plus(Duration.ofMinutes(40))));
        c = c.withIncident(c.incident("leak-1", IncidentKind.MEMORY_LEAK, "policy-engine", t, t.plus(Duration.ofMinutes(40)), t.plus(Duration.ofMinutes(90))));
        c = c.withIncident(c.incident("push-1", IncidentKind.PUSH_PROVIDER_SLOWDOWN, "push-notifier", t.plus(Duration.ofMinutes(5)), t.plus(Duration.ofMinutes(25)), t.plus(Duration.ofMinutes(45))));
        return c.withIncident(c.incident("bad-1", IncidentKind.BAD_DEPLOY, "console-api", t.plus(Duration.ofMinutes(10)), t.plus(Duration.ofMinutes(20)), t.plus(Duration.ofMinutes(50))));
    }

    static List<String> json(List<LogDocument> docs) {
        List<String> out = new ArrayList<>(docs.size());
        for (LogDocument d : docs) {
            out.add(d.index() + " " + d.id() + " " + d.toJsonString());
        }
        return out;
    }

    @Test
    void sameSeedGivesByteIdenticalDocumentsAndIds() {
        Instant a = START.plus(Duration.ofMinutes(10 * 60 + 15));
        Instant b = a.plus(Duration.ofMinutes(30));
        List<String> first = json(new LogGenerator(withAllIncidents(7)).generate(a, b));
        List<String> second = json(new LogGenerator(withAllIncidents(7)).generate(a, b));
        assertThat(first).hasSizeGreaterThan(1000);
        assertThat(second).isEqualTo(first);
        List<String> other = json(new LogGenerator(withAllIncidents(8)).generate(a, b));
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void idsAreUniqueAndEqualToEventId() {
        Instant a = START.plus(Duration.ofMinutes(10 * 60));
        List<LogDocument> docs = new LogGenerator(withAllIncidents(7)).generate(a, a.plus(Duration.ofMinutes(60)));
        Set<String> ids = new HashSet<>();
        for (LogDocument d : docs) {
            assertThat(ids.add(d.id())).as("duplicate id %s", d.id()).isTrue();
            assertThat(d.string("event.id")).isEqualTo(d.id());
            assertThat(d.index()).isEqualTo("logs-mdm-" + d.string("@timestamp").substring(0, 10).replace('-', '.'));
        }
        // Every kind of document appears in an hour with four incidents.
        assertThat(docs.stream().map(LogDocument::action).distinct().toList()).contains(
            "request-received", "db-query", "db-pool-wait", "request-failed", "request-completed", "runtime-stats",
            "oom-killed", "liveness-probe-failed", "container-restarted", "deployment-rollout");
    }

    @Test
    void documentsAreOrderedAndValidNestedJson() throws Exception {
        Instant a = START.plus(Duration.ofMinutes(10 * 60 + 30));
        List<LogDocument> docs = new LogGenerator(withAllIncidents(3)).generate(a, a.plus(Duration.ofMinutes(10)));
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (int i = 0; i < docs.size(); i++) {
            LogDocument d = docs.get(i);
            if (i > 0) {
                assertThat(LogDocument.ORDER.compare(docs.get(i - 1), d)).isNegative();
            }
            com.fasterxml.jackson.databind.JsonNode n = m.readTree(d.toJson()); // fails on duplicate keys
            assertThat(n.at("/kubernetes/pod/name").asText()).isEqualTo(d.string("kubernetes.pod.name"));
            assertThat(n.at("/service/name").asText()).isEqualTo(d.service());
            assertThat(n.at("/@timestamp").asText()).isEqualTo(d.string("@timestamp"));
            assertThat(Instant.parse(d.string("@timestamp")).toEpochMilli()).isEqualTo(d.timestampMs());
        }
    }

    @Test
    void addingAServiceLeavesTheOtherServicesDocumentsUnchanged() {
        // Streams are keyed by service name; only the platform-wide rate normalisation couples services,
        // so scale the peak rate by the share added and the other services' traffic is identical.
        SimulationConfig base = SimulationConfig.defaults(21, START).withIncidentsPerDay(0);
        List<ServiceSpec> more = new ArrayList<>(base.services());
        ServiceSpec extra = new ServiceSpec("geofence", "geo", 4, TrafficProfile.DEVICE, 2, 2, 4, 0.002, 512, false, List.of(),
            List.of(Endpoint.of("POST", "/mdm/geofence/events", 1, 25, 0.4, false)));
        more.add(2, extra); // in the middle: positions of the others shift
        double total = base.services().stream().mapToDouble(ServiceSpec::share).sum();
        SimulationConfig bigger = base.withServices(more).withPeakRequestsPerSecond(base.peakRequestsPerSecond() * (total + 4) / total);
        Instant a = START.plus(Duration.ofHours(10));
        Instant b = a.plus(Duration.ofMinutes(20));
        List<String> before = json(new LogGenerator(base).generate(a, b));
        List<String> after = json(new LogGenerator(bigger).generate(a, b).stream().filter(d -> !d.service().equals("geofence")).toList());
        assertThat(after).isEqualTo(before);
    }
}
