package io.kizashi.datafeed;

import java.time.Instant;

/**
 * A job's datafeed as operators and the API see it: its state, position, health and counters.
 *
 * @param jobId               the job
 * @param state               see {@link State}
 * @param checkpoint          end of the last handed-on bucket, or null before the state was loaded
 * @param progress            buckets done out of all complete buckets (null before the state was loaded)
 * @param knownSeries         split-value combinations tracked now
 * @param lastError           the latest failure (no secrets: connection settings are never part of it), or null
 * @param lastErrorAt         when it happened
 * @param nextAttempt         while paused: when the next cycle may run
 * @param consecutiveFailures failures since the last success
 * @param requests            Elasticsearch requests sent: searches and checkpoint reads/writes, retries included
 * @param cyclesCommitted     cycles whose checkpoint was persisted
 * @param bucketsEmitted      buckets handed on (series x buckets, revisions included)
 * @param refusedSeries       new series refused because of max_series (counted once per pull that refused them)
 * @param delayedBuckets      buckets found to have received late documents
 * @param delayedDocuments    late documents found in them
 */
public record DatafeedStatus(String jobId, State state, Instant checkpoint, Progress progress, int knownSeries,
                             String lastError, Instant lastErrorAt, Instant nextAttempt, int consecutiveFailures,
                             long requests, long cyclesCommitted, long bucketsEmitted, long refusedSeries,
                             long delayedBuckets, long delayedDocuments) {

    /** Where a datafeed is. */
    public enum State {
        /** The checkpoint has not been read yet. */
        STARTING,
        /** Pulling history (first start, or catching up after a pause) faster than real time. */
        BACKFILLING,
        /** Caught up: pulls each new complete bucket (per frequency). */
        LIVE,
        /** The last attempt failed; retried from {@code nextAttempt} with growing backoff. */
        PAUSED,
        /** Stopped for a reason that needs a person (another process owns the job, incompatible checkpoint). */
        FAILED
    }
}
