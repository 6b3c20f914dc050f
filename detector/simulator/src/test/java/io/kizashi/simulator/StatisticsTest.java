package io.kizashi.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated documents follow the intensity the generator says it used (its ground truth). */
class StatisticsTest {

    static final Instant MONDAY = DeterminismTest.START; // 2025-03-03 00:00 JST

    /** |observed - expected| within 4.5 Poisson standard deviations (+1 for tiny means). */
    static void assertPoisson(String what, long observed, double expected) {
        double bound = 4.5 * Math.sqrt(expected) + 1;
        assertThat((double) observed).as("%s: observed %d, expected %.1f +- %.1f", what, observed, expected, bound)
            .isBetween(expected - bound, expected + bound);
    }

    @Test
    void hourlyRequestCountsPerServiceMatchTheIntendedIntensityOverADay() {
        SimulationConfig cfg = SimulationConfig.defaults(17, MONDAY).withPeakRequestsPerSecond(2);
        LogGenerator g = new LogGenerator(cfg);
        Map<String, long[]> received = new HashMap<>();
        Map<String, long[]> errors = new HashMap<>();
        g.generate(MONDAY, MONDAY.plus(Duration.ofDays(1)), Duration.ofHours(1), docs -> {
            for (LogDocument d : docs) {
                int hour = (int) ((d.timestampMs() - MONDAY.toEpochMilli()) / 3_600_000L);
                if ("request-received".equals(d.action())) {
                    received.computeIfAbsent(d.service(), k -> new long[24])[hour]++;
                } else if ("request-completed".equals(d.action()) && d.status() >= 500) {
                    errors.computeIfAbsent(d.service(), k -> new long[24])[hour]++;
                }
            }
        });
        double totalExpectedErrors = 0;
        long totalErrors = 0;
        for (String s : g.groundTruth().services()) {
            for (int h = 0; h < 24; h++) {
                Instant a = MONDAY.plus(Duration.ofHours(h));
                double expected = g.groundTruth().expectedRequests(s, a, a.plus(Duration.ofHours(1)));
                assertPoisson(s + " hour " + h, received.getOrDefault(s, new long[24])[h], expected);
                totalExpectedErrors += g.groundTruth().expectedServerErrors(s, a, a.plus(Duration.ofHours(1)));
            }
            totalErrors += java.util.Arrays.stream(errors.getOrDefault(s, new long[24])).sum();
        }
        // 5xx counted on completion lines, expected by start time: the shift of a few ms across hour
        // boundaries is far below the Poisson noise of the day's total.
        assertPoisson("5xx over the day", totalErrors, totalExpectedErrors);
        // Realistic ratios: device check-ins dominate, admin consoles follow office hours.
        long gateway = java.util.Arrays.stream(received.get("device-gateway")).sum();
        long billing = java.util.Arrays.stream(received.get("billing")).sum();
        assertThat(gateway).isGreaterThan(30 * billing);
    }

    @Test
    void businessHoursNightsAndWeekendsFollowTheTokyoCalendar() {
        SimulationConfig cfg = SimulationConfig.defaults(23, MONDAY).withIncidentsPerDay(0).withGrowthPerDay(0);
        LogGenerator g = new LogGenerator(cfg);
        Instant mondayTen = MONDAY.plus(Duration.ofHours(10));           // Mon 10:00-11:00 JST (01:00 UTC)
        Instant mondayThree = MONDAY.plus(Duration.ofHours(3));          // Mon 03:00-04:00 JST
        Instant saturdayTen = MONDAY.plus(Duration.ofDays(5)).plus(Duration.ofHours(10));
        long day = count(g, "console-api", mondayTen);
        long night = count(g, "console-api", mondayThree);
        long weekend = count(g, "console-api", saturdayTen);
        assertPoisson("console-api Mon 10h", day, g.groundTruth().expectedRequests("console-api", mondayTen, mondayTen.plusSeconds(3600)));
        assertPoisson("console-api Mon 03h", night, g.groundTruth().expectedRequests("console-api", mondayThree, mondayThree.plusSeconds(3600)));
        assertPoisson("console-api Sat 10h", weekend, g.groundTruth().expectedRequests("console-api", saturdayTen, saturdayTen.plusSeconds(3600)));
        // Profile: 1.0 at 10-11 on weekdays, 0.03 at 03-04, 0.11-0.12 on Saturday mornings.
        assertThat((double) day / night).isGreaterThan(15);
        assertThat((double) weekend / day).isBetween(0.06, 0.20);
        // Devices check in around the clock: a much flatter day/night ratio.
        long gwDay = count(g, "device-gateway", mondayTen);
        long gwNight = count(g, "device-gateway", mondayThree);
        assertThat((double) gwDay / gwNight).isBetween(2.5, 4.5);
        // Reports run at night.
        assertThat(count(g, "report-batch", mondayThree)).isGreaterThan(3 * count(g, "report-batch", mondayTen));
    }

    private static long count(LogGenerator g, String service, Instant hourStart) {
        return g.generate(hourStart, hourStart.plus(Duration.ofHours(1))).stream()
            .filter(d -> "request-received".equals(d.action()) && service.equals(d.service())).count();
    }

    @Test
    void poolSaturationPrecursorRaisesP95BeforeTheErrorsStart() {
        SimulationConfig base = SimulationConfig.defaults(31, MONDAY).withIncidentsPerDay(0).withDeployProbability(0);
        Instant onset = MONDAY.plus(Duration.ofHours(10));
        Instant start = onset.plus(Duration.ofMinutes(30));
        Instant end = start.plus(Duration.ofMinutes(20));
        SimulationConfig cfg = base.withIncident(base.incident("pool-x", IncidentKind.DB_POOL_SATURATION, "inventory", onset, start, end));
        LogGenerator g = new LogGenerator(cfg);
        List<LogDocument> docs = g.generate(onset.minus(Duration.ofMinutes(30)), end.plus(Duration.ofMinutes(30)));

        Window before = window(docs, "inventory", onset.minus(Duration.ofMinutes(30)), onset);
        Window latePrecursor = window(docs, "inventory", start.minus(Duration.ofMinutes(10)), start);
        Window during = window(docs, "inventory", start, end);
        Window after = window(docs, "inventory", end.plus(Incident.RECOVERY), end.plus(Duration.ofMinutes(30)));

        // The precursor: latency up (x2-3 at the end of the ramp) while errors stay rare.
        assertThat(latePrecursor.p95() / before.p95()).isGreaterThan(1.8);
        assertThat(latePrecursor.errorRatio()).isLessThan(0.03);
        assertThat(latePrecursor.poolWaits).isGreaterThan(10);
        assertThat(before.poolWaits).isZero();
        // The incident: a burst of 5xx, as the ground truth says.
        double expectedRatio = g.groundTruth().expectedServerErrors("inventory", start, end)
            / g.groundTruth().expectedRequests("inventory", start, end);
        assertThat(expectedRatio).isBetween(0.24, 0.27);
        assertThat(during.errorRatio()).isBetween(expectedRatio - 0.05, expectedRatio + 0.05);
        assertThat(before.errorRatio()).isLessThan(0.02);
        // Recovery.
        assertThat(after.p95() / before.p95()).isBetween(0.7, 1.4);
        // The ground truth's latency factor tells the same story.
        double factorBefore = g.groundTruth().expected("inventory", onset.minus(Duration.ofMinutes(5))).latencyFactor();
        double factorLate = g.groundTruth().expected("inventory", start.minus(Duration.ofMinutes(1))).latencyFactor();
        assertThat(factorLate / factorBefore).isGreaterThan(2.5);
        // Callers feel it too, damped.
        Window callerBefore = window(docs, "device-gateway", onset.minus(Duration.ofMinutes(30)), onset);
        Window callerDuring = window(docs, "device-gateway", start, end);
        assertThat(callerDuring.errorRatio()).isGreaterThan(callerBefore.errorRatio() + 0.05); // 0.4 x 25 % of calls fail upstream
    }

    @Test
    void memoryLeakShowsRisingHeapBeforeOomKills() {
        SimulationConfig base = SimulationConfig.defaults(41, MONDAY).withIncidentsPerDay(0).withDeployProbability(0)
            .withRuntimeStatsInterval(Duration.ofMinutes(1));
        Instant onset = MONDAY.plus(Duration.ofHours(9));
        Instant start = onset.plus(Duration.ofMinutes(60));
        Instant end = start.plus(Duration.ofMinutes(45));
        SimulationConfig cfg = base.withIncident(base.incident("leak-x", IncidentKind.MEMORY_LEAK, "inventory", onset, start, end));
        List<LogDocument> docs = new LogGenerator(cfg).generate(onset.minus(Duration.ofMinutes(20)), end.plus(Duration.ofMinutes(20)));
        double heapBefore = meanHeap(docs, onset.minus(Duration.ofMinutes(20)), onset);
        double heapEarly = meanHeap(docs, onset.plus(Duration.ofMinutes(5)), onset.plus(Duration.ofMinutes(15)));
        double heapLate = meanHeap(docs, start.minus(Duration.ofMinutes(10)), start);
        assertThat(heapLate).isGreaterThan(heapEarly * 1.5);
        assertThat(heapLate).isGreaterThan(heapBefore * 1.5);
        List<LogDocument> ooms = docs.stream().filter(d -> "oom-killed".equals(d.action())).toList();
        assertThat(ooms).isNotEmpty();
        assertThat(ooms).allSatisfy(d -> assertThat(d.timestampMs()).isBetween(start.toEpochMilli(), end.toEpochMilli()));
        // GC pressure shows in latency before the first kill.
        Window before = window(docs, "inventory", onset.minus(Duration.ofMinutes(20)), onset);
        Window late = window(docs, "inventory", start.minus(Duration.ofMinutes(8)), start);
        assertThat(late.p95() / before.p95()).isGreaterThan(1.5);
    }

    @Test
    void pushSlowdownGrowsTheBacklogBeforeCommandTimeouts() {
        SimulationConfig base = SimulationConfig.defaults(43, MONDAY).withIncidentsPerDay(0).withDeployProbability(0)
            .withRuntimeStatsInterval(Duration.ofMinutes(1));
        Instant onset = MONDAY.plus(Duration.ofHours(14));
        Instant start = onset.plus(Duration.ofMinutes(30));
        Instant end = start.plus(Duration.ofMinutes(20));
        SimulationConfig cfg = base.withIncident(base.incident("push-x", IncidentKind.PUSH_PROVIDER_SLOWDOWN, "push-notifier", onset, start, end));
        List<LogDocument> docs = new LogGenerator(cfg).generate(onset.minus(Duration.ofMinutes(15)), end);
        double depthBefore = meanField(docs, "command-queue", "mdm.runtime.queue_depth", onset.minus(Duration.ofMinutes(15)), onset);
        double depthMid = meanField(docs, "command-queue", "mdm.runtime.queue_depth", onset.plus(Duration.ofMinutes(10)), onset.plus(Duration.ofMinutes(15)));
        double depthLate = meanField(docs, "command-queue", "mdm.runtime.queue_depth", start.minus(Duration.ofMinutes(5)), start);
        assertThat(depthMid).isGreaterThan(depthBefore + 5_000);
        assertThat(depthLate).isGreaterThan(depthMid + 5_000);
        Window precursor = window(docs, "command-queue", onset, start);
        Window during = window(docs, "command-queue", start, end);
        assertThat(precursor.errorRatio()).isLessThan(0.01);
        assertThat(during.errorRatio()).isBetween(0.08, 0.16);
        assertThat(during.statuses.getOrDefault(504, 0L)).isEqualTo(during.errors);
    }

    @Test
    void badDeployStepsErrorsUpWithTheRollout() {
        SimulationConfig base = SimulationConfig.defaults(47, MONDAY).withIncidentsPerDay(0).withDeployProbability(0);
        Instant onset = MONDAY.plus(Duration.ofHours(11));
        Instant start = onset.plus(Duration.ofMinutes(15));
        Instant end = start.plus(Duration.ofMinutes(30));
        SimulationConfig cfg = base.withIncident(base.incident("bad-x", IncidentKind.BAD_DEPLOY, "device-gateway", onset, start, end));
        List<LogDocument> docs = new LogGenerator(cfg).generate(onset.minus(Duration.ofMinutes(20)), end.plus(Duration.ofMinutes(20)));
        Window before = window(docs, "device-gateway", onset.minus(Duration.ofMinutes(20)), onset);
        Window rollout = window(docs, "device-gateway", onset, start);
        Window during = window(docs, "device-gateway", start, end);
        Window after = window(docs, "device-gateway", end.plus(Incident.RECOVERY), end.plus(Duration.ofMinutes(20)));
        assertThat(before.errorRatio()).isLessThan(0.01);
        assertThat(rollout.errorRatio()).isBetween(0.03, 0.09); // mean of a 0 -> 12 % ramp
        assertThat(during.errorRatio()).isBetween(0.10, 0.14);
        assertThat(after.errorRatio()).isLessThan(0.01);
        List<LogDocument> rollouts = docs.stream().filter(d -> "deployment-rollout".equals(d.action())
            && "device-gateway".equals(d.service())).toList();
        assertThat(rollouts).extracting(LogDocument::timestampMs).containsExactly(onset.toEpochMilli(), end.toEpochMilli());
        // New pods after the rollout and again after the rollback.
        assertThat(podsIn(docs, "device-gateway", onset.minus(Duration.ofMinutes(5)), onset))
            .doesNotContainAnyElementsOf(podsIn(docs, "device-gateway", onset.plusSeconds(60), start));
    }

    // ---------------------------------------------------------------- helpers

    static final class Window {
        final List<Long> durationsNs = new ArrayList<>();
        final Map<Integer, Long> statuses = new HashMap<>();
        long errors;
        long poolWaits;

        double errorRatio() {
            return durationsNs.isEmpty() ? 0 : errors / (double) durationsNs.size();
        }

        double p95() {
            List<Long> s = new ArrayList<>(durationsNs);
            s.sort(null);
            return s.get((int) Math.ceil(0.95 * s.size()) - 1) / 1e6;
        }
    }

    static Window window(List<LogDocument> docs, String service, Instant from, Instant to) {
        Window w = new Window();
        for (LogDocument d : docs) {
            if (!service.equals(d.service()) || d.timestampMs() < from.toEpochMilli() || d.timestampMs() >= to.toEpochMilli()) {
                continue;
            }
            if ("request-completed".equals(d.action())) {
                w.durationsNs.add(d.longValue("event.duration", -1));
                w.statuses.merge(d.status(), 1L, Long::sum);
                if (d.status() >= 500) {
                    w.errors++;
                }
            } else if ("db-pool-wait".equals(d.action())) {
                w.poolWaits++;
            }
        }
        assertThat(w.durationsNs).as("requests of %s in [%s, %s)", service, from, to).hasSizeGreaterThan(50);
        return w;
    }

    static double meanHeap(List<LogDocument> docs, Instant from, Instant to) {
        return meanField(docs, "inventory", "mdm.runtime.heap_used_bytes", from, to);
    }

    static double meanField(List<LogDocument> docs, String service, String field, Instant from, Instant to) {
        return docs.stream().filter(d -> service.equals(d.service()) && "runtime-stats".equals(d.action())
                && d.timestampMs() >= from.toEpochMilli() && d.timestampMs() < to.toEpochMilli())
            .mapToLong(d -> d.longValue(field, 0)).average().orElseThrow();
    }

    static List<String> podsIn(List<LogDocument> docs, String service, Instant from, Instant to) {
        return docs.stream().filter(d -> service.equals(d.service()) && "mdm.app".equals(d.dataset())
                && d.timestampMs() >= from.toEpochMilli() && d.timestampMs() < to.toEpochMilli())
            .map(d -> d.string("kubernetes.pod.name")).distinct().toList();
    }
}
