package io.kizashi.core.trend;

import java.time.Instant;

/** Expected value and interval of a series at a future bucket. */
public record ForecastPoint(Instant timestamp, double expected, double lower, double upper) {
}
