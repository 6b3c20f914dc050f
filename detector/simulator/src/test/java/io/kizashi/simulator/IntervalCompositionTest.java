package io.kizashi.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IntervalCompositionTest {

    @Test
    void consecutiveIntervalsEqualTheirUnion() {
        SimulationConfig cfg = DeterminismTest.withAllIncidents(11);
        // Around the incidents: deploys, scaling, restarts and OOM kills all happen in this window.
        Instant a = DeterminismTest.START.plus(Duration.ofMinutes(10 * 60 + 17)).plusMillis(123);
        Instant c = a.plus(Duration.ofMinutes(50));
        List<String> whole = DeterminismTest.json(new LogGenerator(cfg).generate(a, c));

        // Split at odd points (mid-second, grid points, exactly on a deploy) with a fresh generator per
        // piece, as a restarted live loop would.
        List<Instant> cuts = List.of(a, a.plusMillis(1), a.plusMillis(999), a.plus(Duration.ofSeconds(61)).plusMillis(7),
            DeterminismTest.START.plus(Duration.ofMinutes(10 * 60 + 20)), // pool-1 and bad-1 incidents start
            DeterminismTest.START.plus(Duration.ofMinutes(11 * 60)), // bad-1 rollback: pods replaced
            c.minusMillis(1), c);
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            pieces.addAll(DeterminismTest.json(new LogGenerator(cfg).generate(cuts.get(i), cuts.get(i + 1))));
        }
        assertThat(whole).hasSizeGreaterThan(5000);
        for (String action : List.of("deployment-rollout", "pod-started", "pod-terminated", "oom-killed", "container-restarted", "runtime-stats")) {
            assertThat(whole).as("the window covers %s", action).anyMatch(l -> l.contains("\"action\":\"" + action + "\""));
        }
        assertThat(pieces).isEqualTo(whole);

        // One generator reused across chunks (its caches warm) gives the same.
        List<String> chunked = new ArrayList<>();
        new LogGenerator(cfg).generate(a, c, Duration.ofSeconds(37), docs -> chunked.addAll(DeterminismTest.json(docs)));
        assertThat(chunked).isEqualTo(whole);
    }

    @Test
    void emptyAndReversedIntervals() {
        LogGenerator g = new LogGenerator(SimulationConfig.defaults(1, DeterminismTest.START));
        Instant t = DeterminismTest.START.plus(Duration.ofHours(3));
        assertThat(g.generate(t, t)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.generate(t, t.minusSeconds(1))).hasMessageContaining("before its start");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.generate(DeterminismTest.START.minus(Duration.ofDays(2)), t))
            .hasMessageContaining("before the simulated world begins");
    }
}
