package io.kizashi.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's "now": the wall clock, or an accelerated clock that starts at a given instant and runs
 * {@code speed} times faster (demos and backtests). Everything that needs the time reads this clock.
 */
public final class ServiceClock extends Clock {

    private final Clock wall;
    private final Instant simStart;
    private final Instant wallStart;
    private final double speed;

    private ServiceClock(Clock wall, Instant simStart, double speed) {
        this.wall = wall;
        this.wallStart = wall.instant();
        this.simStart = simStart == null ? wallStart : simStart;
        this.speed = speed;
    }

    public static Clock of(Clock wall, Instant simStart, double speed) {
        if (speed == 1.0 && simStart == null) {
            return wall;
        }
        if (!(speed > 0)) {
            throw new IllegalArgumentException("clock speed must be positive, got " + speed);
        }
        return new ServiceClock(wall, simStart, speed);
    }

    public double speed() {
        return speed;
    }

    @Override
    public Instant instant() {
        long elapsed = Duration.between(wallStart, wall.instant()).toNanos();
        return simStart.plusNanos((long) (elapsed * speed));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
