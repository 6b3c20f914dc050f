package io.kizashi.service.cluster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.datafeed.Datafeed;
import io.kizashi.datafeed.DatafeedOptions;
import io.kizashi.datafeed.checkpoint.DatafeedState;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.service.pipeline.JobStateStore;
import io.kizashi.service.scoring.SeriesScorer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What taking over and giving up a job means for the pipeline. Taking over: fence the checkpoint, give
 * the job a fresh datafeed (it reads the fenced checkpoint), restore its series models and open
 * annotations from Elasticsearch, then let its cycles start - so it continues exactly where the last
 * owner's last committed cycle ended (a cycle the last owner scored but did not commit is pulled again;
 * models skip what they learned, results are rewritten under the same ids). Giving up: stop starting
 * cycles, wait for the one in flight, drop the models.
 */
public final class JobActivation implements JobOwnership.Handover {

    private static final Logger LOG = LoggerFactory.getLogger(JobActivation.class);
    /** A release waits this long for a cycle in flight; past it the fence stops that cycle's commit anyway. */
    static final Duration RELEASE_WAIT = Duration.ofMinutes(2);

    private final Vertx vertx;
    private final List<JobRuntime> jobs;
    private final ElasticsearchClient client;
    private final Clock clock;
    private final DatafeedOptions options;
    private final JobStateStore states;
    private final ClusterAlerts alerts;
    private volatile String owner = "unknown";

    public JobActivation(Vertx vertx, List<JobRuntime> jobs, ElasticsearchClient client, Clock clock, DatafeedOptions options,
                         JobStateStore states, ClusterAlerts alerts) {
        this.vertx = vertx;
        this.jobs = List.copyOf(jobs);
        this.client = client;
        this.clock = clock;
        this.options = options;
        this.states = states;
        this.alerts = alerts;
    }

    /** The node id written into fenced checkpoints (for people reading the state index). */
    public void owner(String nodeId) {
        this.owner = nodeId;
    }

    @Override
    public void takeOver(String jobId) throws Exception {
        JobRuntime job = job(jobId);
        if (job.active()) {
            return;
        }
        Optional<DatafeedState> fenced = CheckpointFence.fence(client, options.stateIndex(), jobId, owner, clock);
        SeriesScorer scorer = job.reset(Datafeed.create(job.spec(), client, clock, options));
        states.restore(jobId, scorer);
        if (alerts != null) {
            alerts.open(jobId);
        }
        job.activate();
        LOG.info("job {}: resuming on this replica at {} with {} series models", jobId,
                fenced.map(s -> s.checkpoint().toString()).orElse("its first start"), scorer.seriesCount());
    }

    @Override
    public Future<Void> release(String jobId) {
        JobRuntime job = job(jobId);
        job.deactivate();
        Promise<Void> idle = Promise.promise();
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        vertx.setPeriodic(100, id -> { // not (0, 100): cancelling in the first run of a 0-delay timer fails in Vert.x 5.0.7
            boolean over = System.nanoTime() > deadline;
            if (!job.busy() || over) {
                vertx.cancelTimer(id);
                if (over) {
                    LOG.warn("job {}: the cycle in flight did not end within {}; released anyway (its commit will be refused)", jobId,
                            RELEASE_WAIT);
                }
                if (!job.active()) {
                    // frees the models; the next takeover restores them from Elasticsearch
                    job.reset(Datafeed.create(job.spec(), client, clock, options));
                    if (alerts != null) {
                        alerts.close(jobId);
                    }
                }
                idle.complete();
            }
        });
        return idle.future();
    }

    @Override
    public boolean failed(String jobId) {
        return job(jobId).datafeed().status().state() == io.kizashi.datafeed.DatafeedStatus.State.FAILED;
    }

    private JobRuntime job(String jobId) {
        return jobs.stream().filter(j -> j.id().equals(jobId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
    }
}
