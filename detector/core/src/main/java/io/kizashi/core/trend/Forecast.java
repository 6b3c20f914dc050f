package io.kizashi.core.trend;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A forecast of a series: expected value and interval for the next buckets, the trend it rests on and,
 * when a limit was given, when the expected value first reaches it.
 *
 * @param points   one per future bucket
 * @param coverage nominal coverage of the intervals
 * @param trend    the trend used (null while too little history)
 * @param limit    the limit asked about (NaN when none)
 * @param crossing first bucket whose expected value reaches the limit within the horizon, if any
 */
public record Forecast(List<ForecastPoint> points, double coverage, TrendEstimate trend, double limit, Optional<Instant> crossing) {

    public Forecast {
        points = List.copyOf(points);
        crossing = crossing == null ? Optional.empty() : crossing;
    }

    /** Time from {@code from} until the limit is reached, if it is reached within the horizon. */
    public Optional<Duration> timeToLimit(Instant from) {
        return crossing.map(c -> Duration.between(from, c));
    }
}
