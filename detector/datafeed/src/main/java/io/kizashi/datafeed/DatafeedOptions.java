package io.kizashi.datafeed;

import io.kizashi.datafeed.checkpoint.CheckpointStore;
import io.kizashi.datafeed.query.Searcher;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Process-wide datafeed settings (the per-job ones are in the job file).
 *
 * @param stateIndex the index holding the checkpoints (default {@value CheckpointStore#DEFAULT_INDEX})
 * @param sleeper    how to wait between immediate retries (default {@link Thread#sleep})
 * @param nanoTime   the process's monotonic clock in nanoseconds (default {@link System#nanoTime}): how long processing
 *                   takes (pace, pull time, time since the last progress), which a simulated "now" must not decide
 */
public record DatafeedOptions(String stateIndex, Searcher.Sleeper sleeper, LongSupplier nanoTime) {

    public DatafeedOptions {
        Objects.requireNonNull(stateIndex, "stateIndex");
        if (!stateIndex.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("state index '" + stateIndex + "' is not a valid index name: lower-case letters, digits, '.', '_', '-'");
        }
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Options on the process's own monotonic clock. */
    public DatafeedOptions(String stateIndex, Searcher.Sleeper sleeper) {
        this(stateIndex, sleeper, System::nanoTime);
    }

    public static DatafeedOptions defaults() {
        return new DatafeedOptions(CheckpointStore.DEFAULT_INDEX, d -> Thread.sleep(d.toMillis()));
    }

    public DatafeedOptions withStateIndex(String index) {
        return new DatafeedOptions(index, sleeper, nanoTime);
    }

    /** The same options on another monotonic clock (tests drive it by hand). */
    public DatafeedOptions withNanoTime(LongSupplier ticker) {
        return new DatafeedOptions(stateIndex, sleeper, ticker);
    }
}
