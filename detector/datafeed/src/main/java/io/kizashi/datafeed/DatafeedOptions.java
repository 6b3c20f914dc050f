package io.kizashi.datafeed;

import io.kizashi.datafeed.checkpoint.CheckpointStore;
import io.kizashi.datafeed.query.Searcher;

import java.util.Objects;

/**
 * Process-wide datafeed settings (the per-job ones are in the job file).
 *
 * @param stateIndex the index holding the checkpoints (default {@value CheckpointStore#DEFAULT_INDEX})
 * @param sleeper    how to wait between immediate retries (default {@link Thread#sleep})
 */
public record DatafeedOptions(String stateIndex, Searcher.Sleeper sleeper) {

    public DatafeedOptions {
        Objects.requireNonNull(stateIndex, "stateIndex");
        if (!stateIndex.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("state index '" + stateIndex + "' is not a valid index name: lower-case letters, digits, '.', '_', '-'");
        }
        Objects.requireNonNull(sleeper, "sleeper");
    }

    public static DatafeedOptions defaults() {
        return new DatafeedOptions(CheckpointStore.DEFAULT_INDEX, d -> Thread.sleep(d.toMillis()));
    }

    public DatafeedOptions withStateIndex(String index) {
        return new DatafeedOptions(index, sleeper);
    }
}
