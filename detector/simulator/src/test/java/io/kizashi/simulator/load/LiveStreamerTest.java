package io.kizashi.simulator.load;

import io.kizashi.simulator.LogDocument;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.SimulationClock;
import io.kizashi.simulator.SimulationConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveStreamerTest {

    static final Instant SIM_START = Instant.parse("2025-03-03T01:00:00Z");
    static final Instant WALL_START = Instant.parse("2030-01-01T00:00:00Z");

    /** A wall clock the test moves by hand. */
    static final class ManualWall implements InstantSource {
        final AtomicReference<Instant> now = new AtomicReference<>(WALL_START);

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    @Test
    void acceleratedClockScalesWallTime() {
        ManualWall wall = new ManualWall();
        SimulationClock clock = SimulationClock.accelerated(SIM_START, 60, wall);
        assertThat(clock.now()).isEqualTo(SIM_START);
        wall.advance(Duration.ofMillis(2500));
        assertThat(clock.now()).isEqualTo(SIM_START.plus(Duration.ofSeconds(150)));
        assertThatThrownBy(() -> SimulationClock.accelerated(SIM_START, 0, wall)).hasMessageContaining("speed must be in (0, 1000000]");
    }

    @Test
    void liveStepsDeliverExactlyTheBackfillOfTheSameSpan() {
        LogGenerator g = new LogGenerator(SimulationConfig.defaults(12, Instant.parse("2025-03-02T15:00:00Z")));
        ManualWall wall = new ManualWall();
        SimulationClock clock = SimulationClock.accelerated(SIM_START, 60, wall);
        List<LogDocument> delivered = new ArrayList<>();
        LiveStreamer live = new LiveStreamer(g, clock, delivered::addAll, SIM_START, Duration.ofSeconds(1));
        assertThat(live.step()).isZero(); // no simulated time has passed
        long[] wallSteps = {1000, 1, 333, 2000, 17, 5000, 999};
        for (long ms : wallSteps) {
            wall.advance(Duration.ofMillis(ms));
            live.step();
        }
        Instant end = SIM_START.plus(Duration.ofMillis(60 * java.util.Arrays.stream(wallSteps).sum()));
        assertThat(live.cursor()).isEqualTo(end);
        List<LogDocument> backfill = g.generate(SIM_START, end);
        assertThat(delivered).hasSizeGreaterThan(100);
        assertThat(delivered).isEqualTo(backfill);

        // A restarted streamer resuming from the cursor continues seamlessly.
        LiveStreamer resumed = new LiveStreamer(new LogGenerator(g.config()), clock, delivered::addAll, live.cursor(), Duration.ofSeconds(1));
        wall.advance(Duration.ofSeconds(3));
        resumed.step();
        assertThat(delivered).isEqualTo(g.generate(SIM_START, end.plus(Duration.ofMinutes(3))));
    }

    @Test
    void runStopsWhenAsked() {
        LogGenerator g = new LogGenerator(SimulationConfig.defaults(12, Instant.parse("2025-03-02T15:00:00Z")));
        ManualWall wall = new ManualWall();
        int[] ticks = {0};
        LiveStreamer live = new LiveStreamer(g, SimulationClock.accelerated(SIM_START, 600, wall), docs -> ticks[0]++, SIM_START,
            Duration.ofMillis(5));
        live.run(() -> {
            wall.advance(Duration.ofMillis(100));
            return ticks[0] >= 3;
        });
        assertThat(ticks[0]).isEqualTo(3);
        assertThat(live.cursor()).isEqualTo(SIM_START.plus(Duration.ofSeconds(180)));
    }
}
