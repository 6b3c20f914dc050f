package io.kizashi.simulator;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Simulated time for live mode. The generator itself never reads a clock; a live loop asks the clock
 * how far simulated time has advanced and generates the interval since its last call.
 */
public interface SimulationClock {

    /** The current simulated instant. */
    Instant now();

    /**
     * Simulated time = {@code simulatedStart + speed x (wall now - wall start)}: at speed 60 one wall
     * second is one simulated minute.
     */
    static SimulationClock accelerated(Instant simulatedStart, double speed, InstantSource wall) {
        return new Accelerated(simulatedStart, speed, wall, wall.instant());
    }

    /** An accelerated clock; {@code wallStart} is when simulated time was {@code simulatedStart}. */
    record Accelerated(Instant simulatedStart, double speed, InstantSource wall, Instant wallStart) implements SimulationClock {
        public Accelerated {
            Objects.requireNonNull(simulatedStart, "simulatedStart");
            Objects.requireNonNull(wall, "wall");
            Objects.requireNonNull(wallStart, "wallStart");
            if (!(speed > 0) || speed > 1_000_000) {
                throw new IllegalArgumentException("speed must be in (0, 1000000], got " + speed + " (1 = real time, 60 = a minute per second)");
            }
        }

        @Override
        public Instant now() {
            long wallNanos = java.time.Duration.between(wallStart, wall.instant()).toNanos();
            return simulatedStart.plusNanos(Math.round(wallNanos * speed));
        }
    }
}
