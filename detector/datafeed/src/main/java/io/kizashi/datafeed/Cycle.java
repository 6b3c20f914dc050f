package io.kizashi.datafeed;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a job's datafeed: the time range to pull next and why.
 *
 * @param jobId    the job
 * @param kind     backfill (more complete buckets wait behind this range), live (the range reaches the
 *                 newest complete bucket) or revision (buckets already handed on, re-pulled because late
 *                 documents arrived)
 * @param from     first bucket start (inclusive), aligned to the bucket span
 * @param to       end of the last bucket (exclusive)
 * @param progress how far the datafeed is, counting this cycle as not yet done
 */
public record Cycle(String jobId, Kind kind, Instant from, Instant to, Progress progress) {

    /** What a cycle is for. */
    public enum Kind { BACKFILL, LIVE, REVISION }

    public Cycle {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(progress, "progress");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("cycle range [" + from + ", " + to + ") is empty");
        }
    }

    @Override
    public String toString() {
        return jobId + " " + kind + " [" + from + ", " + to + ") " + progress;
    }
}
