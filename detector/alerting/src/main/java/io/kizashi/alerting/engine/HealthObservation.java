package io.kizashi.alerting.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A job's datafeed health at one evaluation.
 *
 * @param jobId    the job
 * @param now      evaluation time
 * @param behind   how far the datafeed lags real time (end of the last complete bucket pulled to {@code now})
 * @param lastData time of the newest document or non-empty bucket seen, or null when none ever
 */
public record HealthObservation(String jobId, Instant now, Duration behind, Instant lastData) {
    public HealthObservation {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("jobId must not be empty");
        }
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(behind, "behind");
        if (behind.isNegative()) {
            behind = Duration.ZERO; // a clock a little ahead of the data source is not a lag
        }
    }

    /** Age of the newest data at {@code now}, or null when there never was any. */
    public Duration dataAge() {
        return lastData == null ? null : Duration.between(lastData, now);
    }
}
