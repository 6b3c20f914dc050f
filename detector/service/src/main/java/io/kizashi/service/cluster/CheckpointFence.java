package io.kizashi.service.cluster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.datafeed.checkpoint.CheckpointStore;
import io.kizashi.datafeed.checkpoint.DatafeedState;
import io.kizashi.datafeed.query.RequestFailure;
import io.kizashi.datafeed.query.Searcher;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The fence a new owner puts on a job before running it: the job's checkpoint document is rewritten
 * unchanged (same checkpoint, one more commit, the new owner as writer). Checkpoint writes are
 * conditional on the sequence number their writer read, so a replica that still believes it owns the
 * job (a straggling cycle, or the far side of a network split) fails its next commit with a conflict
 * and stops the job, instead of moving the checkpoint under the new owner.
 */
public final class CheckpointFence {

    private CheckpointFence() {
    }

    /**
     * Fences the job's checkpoint; returns the checkpoint the new owner resumes from, or empty for a job
     * that never ran (nothing to fence: its first writer creates the document, and a second creator
     * reads what the first wrote).
     */
    public static Optional<DatafeedState> fence(ElasticsearchClient client, String stateIndex, String jobId, String owner, Clock clock)
            throws RequestFailure, CheckpointStore.ConflictException {
        CheckpointStore store = new CheckpointStore(new Searcher(client, Duration.ofSeconds(30), 2, Duration.ofSeconds(1),
                Thread::sleep), stateIndex);
        Optional<CheckpointStore.Stored> now = store.load(jobId);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        DatafeedState s = now.get().state();
        DatafeedState fenced = s.next(s.checkpoint(), s.series(), s.recentCounts(), s.lastDelayedCheck(), s.pendingRevisions(),
                "owner:" + owner, clock.instant());
        store.write(fenced, now.get());
        return Optional.of(fenced);
    }
}
