package io.kizashi.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GroundTruthTest {

    static final Instant START = DeterminismTest.START;

    @Test
    void randomIncidentsAreConsistentOverFourWeeks() {
        SimulationConfig cfg = SimulationConfig.defaults(2025, START);
        GroundTruth truth = new LogGenerator(cfg).groundTruth();
        List<Incident> incidents = truth.incidents(START, START.plus(Duration.ofDays(28)));
        // Poisson(1/day) over 28 days: 28 +- 5.3; 10..50 leaves no room for a broken generator.
        assertThat(incidents).hasSizeBetween(10, 50);
        Set<String> ids = new HashSet<>();
        Set<IncidentKind> kinds = new HashSet<>();
        for (Incident i : incidents) {
            assertThat(ids.add(i.id())).isTrue();
            kinds.add(i.kind());
            assertThat(i.precursorOnset()).isBefore(i.start());
            assertThat(i.start()).isBefore(i.end());
            Duration precursor = Duration.between(i.precursorOnset(), i.start());
            Duration duration = Duration.between(i.start(), i.end());
            assertThat(precursor).isBetween(i.kind().minPrecursor(), i.kind().maxPrecursor());
            assertThat(duration).isBetween(i.kind().minDuration(), i.kind().maxDuration());
            assertThat(truth.services()).containsAll(i.services());
            assertThat(i.id()).contains(i.kind().slug());
        }
        assertThat(kinds).containsExactlyInAnyOrder(IncidentKind.values());
        // The same question asked about a sub-window gives the matching subset (pure, day-keyed plan).
        Instant mid = START.plus(Duration.ofDays(10));
        List<Incident> week = new LogGenerator(cfg).groundTruth().incidents(mid, mid.plus(Duration.ofDays(7)));
        assertThat(incidents).containsAll(week);
    }

    @Test
    void deploysAreOnWeekdayBusinessHoursOrCausedByIncidents() {
        SimulationConfig cfg = SimulationConfig.defaults(99, START);
        GroundTruth truth = new LogGenerator(cfg).groundTruth();
        List<Deploy> deploys = truth.deploys(START, START.plus(Duration.ofDays(14)));
        // 16 services x 10 weekdays x 0.3 = 48 routine deploys expected.
        long routine = deploys.stream().filter(d -> d.reason().equals("routine")).count();
        assertThat(routine).isBetween(25L, 75L);
        for (Deploy d : deploys) {
            var local = d.at().atZone(SimulationConfig.TOKYO);
            if (d.reason().equals("routine")) {
                assertThat(local.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
                assertThat(local.getHour()).isBetween(10, 17);
            } else {
                String incidentId = d.reason().substring(0, d.reason().indexOf(':'));
                Incident i = truth.incidents(d.at().minusSeconds(1), d.at().plusSeconds(1)).stream()
                    .filter(x -> x.id().equals(incidentId)).findFirst().orElseThrow();
                assertThat(d.at()).isIn(i.precursorOnset(), i.end());
                assertThat(i.kind()).isIn(IncidentKind.MEMORY_LEAK, IncidentKind.BAD_DEPLOY);
            }
        }
    }

    @Test
    void restartsHappenOnlyInsideIncidentsAndMatchTheEventDocuments() {
        SimulationConfig cfg = DeterminismTest.withAllIncidents(5);
        LogGenerator g = new LogGenerator(cfg);
        Instant from = START.plus(Duration.ofHours(9));
        Instant to = START.plus(Duration.ofHours(13));
        List<GroundTruth.ContainerRestart> restarts = g.groundTruth().restarts(from, to);
        assertThat(restarts).isNotEmpty();
        for (GroundTruth.ContainerRestart r : restarts) {
            Incident i = cfg.scriptedIncidents().stream().filter(x -> x.id().equals(r.incidentId())).findFirst().orElseThrow();
            // OOM kills and failed liveness probes are symptoms: never before the incident start.
            assertThat(r.killed()).isAfterOrEqualTo(i.start()).isBefore(i.end());
            assertThat(r.service()).isEqualTo(i.rootService());
        }
        List<LogDocument> docs = g.generate(from, to);
        long oomDocs = docs.stream().filter(d -> "oom-killed".equals(d.action())).count();
        long probeDocs = docs.stream().filter(d -> "liveness-probe-failed".equals(d.action())).count();
        assertThat(oomDocs).isEqualTo(restarts.stream().filter(r -> r.cause() == IncidentKind.MEMORY_LEAK).count()).isPositive();
        assertThat(probeDocs).isEqualTo(restarts.stream().filter(r -> r.cause() == IncidentKind.DB_POOL_SATURATION).count());
        // After a restart the pod's lines carry a new container id and a higher restart count.
        GroundTruth.ContainerRestart first = restarts.getFirst();
        Set<String> containers = new HashSet<>();
        docs.stream().filter(d -> first.pod().equals(d.string("kubernetes.pod.name"))).forEach(d -> containers.add(d.string("container.id")));
        assertThat(containers).hasSizeGreaterThanOrEqualTo(2);
        LogDocument back = docs.stream().filter(d -> "container-restarted".equals(d.action())
            && first.pod().equals(d.string("kubernetes.pod.name"))).findFirst().orElseThrow();
        assertThat(back.longValue("kubernetes.container.restart_count", -1)).isEqualTo(1);
        assertThat(back.timestampMs()).isEqualTo(first.back().toEpochMilli());
    }

    @Test
    void scriptedIncidentsDeriveAffectedServicesAndRejectImpossibleRoots() {
        SimulationConfig cfg = SimulationConfig.defaults(1, START);
        Instant t = START.plus(Duration.ofHours(5));
        Incident push = cfg.incident("push-a", IncidentKind.PUSH_PROVIDER_SLOWDOWN, "push-notifier", t, t.plusSeconds(600), t.plusSeconds(1200));
        assertThat(push.services()).startsWith("push-notifier", "command-queue").contains("device-gateway");
        Incident pool = cfg.incident("pool-a", IncidentKind.DB_POOL_SATURATION, "inventory", t, t.plusSeconds(600), t.plusSeconds(1200));
        assertThat(pool.services()).containsExactly("inventory", "device-gateway");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                cfg.incident("push-x", IncidentKind.PUSH_PROVIDER_SLOWDOWN, "billing", t, t.plusSeconds(600), t.plusSeconds(1200)))
            .hasMessageContaining("push-notifier");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                cfg.incident("bad-y", IncidentKind.BAD_DEPLOY, "auth", t, t, t.plusSeconds(1200)))
            .hasMessageContaining("precursorOnset < start < end");
    }
}
