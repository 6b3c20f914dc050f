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
 * @param catchingUp true while the datafeed pulls history faster than real time (first backfill, or catching up
 *                 after a pause): its lag is then expected, and its data is as recent as the history it has reached
 * @param sinceProgress how long the datafeed has made no progress (no commit that left it at most a bucket further
 *                 behind than its best, not caught up), measured on the process's monotonic clock, not on {@code now}'s
 *                 clock (which may be a simulated one running faster than the work); required while catching up, else
 *                 may be null
 */
public record HealthObservation(String jobId, Instant now, Duration behind, Instant lastData, boolean catchingUp,
                                Duration sinceProgress) {
    public HealthObservation {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("jobId must not be empty");
        }
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(behind, "behind");
        if (behind.isNegative()) {
            behind = Duration.ZERO; // a clock a little ahead of the data source is not a lag
        }
        if (catchingUp && sinceProgress == null) {
            throw new IllegalArgumentException("job " + jobId + " is catching up: sinceProgress (time without progress on the "
                + "process's monotonic clock) is required, as its lag says nothing about a stall");
        }
        if (sinceProgress != null && sinceProgress.isNegative()) {
            throw new IllegalArgumentException("sinceProgress of job " + jobId + " must not be negative, got " + sinceProgress);
        }
    }

    /** A live datafeed's health (its lag is what counts; progress is not needed). */
    public HealthObservation(String jobId, Instant now, Duration behind, Instant lastData) {
        this(jobId, now, behind, lastData, false, null);
    }

    /** Where the datafeed has reached: {@code now} minus the lag. */
    public Instant checkpoint() {
        return now.minus(behind);
    }

    /**
     * Age of the newest data, or null when there never was any: at {@code now} when live; while catching up, at
     * the checkpoint (two-day-old history is not "no data for two days").
     */
    public Duration dataAge() {
        return lastData == null ? null : Duration.between(lastData, catchingUp ? checkpoint() : now);
    }
}
