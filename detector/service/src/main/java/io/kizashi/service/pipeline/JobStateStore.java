package io.kizashi.service.pipeline;

import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.results.ResultsWriter;
import io.kizashi.service.scoring.ModelStore;
import io.kizashi.service.scoring.SeriesScorer;

import java.time.Clock;
import java.time.Instant;

/**
 * What a job keeps across cycles besides its checkpoint: its series models' states and its open annotations.
 * Both are saved at a cycle's commit, after every stage has replied, so what is stored always belongs to the
 * committed checkpoint. A cycle that fails after scoring rolls the job back to what is stored: its models (and
 * annotation trackers) had already taken the cycle in, and would skip its buckets as replays when the datafeed
 * hands them again; restored, they score the cycle again (identically), and the later stages see it.
 */
public final class JobStateStore {

    private final ModelStore models;
    private final RuntimeStateStore runtime;
    private final ResultsWriter writer;
    private final Clock clock;

    public JobStateStore(ModelStore models, RuntimeStateStore runtime, ResultsWriter writer, Clock clock) {
        this.models = models;
        this.runtime = runtime;
        this.writer = writer;
        this.clock = clock;
    }

    /** Saves the job's changed models and its open annotations; throws if Elasticsearch refused any of it. */
    public void save(JobRuntime job) {
        Instant now = clock.instant();
        models.save(job.scorer().drainDirty(models, now), BulkIndexer.Options.defaults());
        runtime.save(job.id(), writer.trackerState(job.id()), now);
    }

    /** Replaces the job's models and annotation trackers by the stored ones (on the job's own cycle slot). */
    public void rollback(JobRuntime job) {
        restore(job.id(), job.replaceScorer());
    }

    /** Restores the stored models of a job into an empty scorer, and its annotation trackers (also at a takeover). */
    public void restore(String jobId, SeriesScorer into) {
        into.restore(models.load(jobId));
        writer.restoreTracker(jobId, runtime.load(jobId));
    }
}
