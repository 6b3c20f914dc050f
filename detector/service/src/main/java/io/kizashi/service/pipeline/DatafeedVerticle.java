package io.kizashi.service.pipeline;

import io.kizashi.datafeed.BucketBatch;
import io.kizashi.datafeed.Cycle;
import io.kizashi.datafeed.DatafeedStatus;
import io.kizashi.service.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stage 1 and the cycle's conductor. Every tick, each idle job asks its datafeed for the next cycle,
 * pulls it on the I/O pool, and sends it through scoring → precursors → results → alerts (event-bus
 * request/reply, so a job never has more than one cycle in flight: that is the back-pressure). Only
 * when every stage has replied are the job's states saved and the checkpoint committed; a failure anywhere
 * leaves it where it was, rolls the job's models back to the stored states, and the same range is pulled
 * again on a later tick. One job's failure never stops the others.
 *
 * <p>The states are saved after the alert stage, not with the results: a process killed between the results
 * and the alerts then restores models that have not seen the cycle, scores it again (identically) and
 * evaluates its alerts; saved with the results, the restored models were ahead, skipped the cycle's buckets as
 * replays, and its alert transitions were lost. Killed after the states, the cycle's alerts are already in the
 * outbox. A cycle that fails in the process (a write refused) is the same case without the kill: see
 * {@link JobStateStore}.
 */
public final class DatafeedVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DatafeedVerticle.class);
    private static final DeliveryOptions STAGE = new DeliveryOptions().setSendTimeout(Duration.ofMinutes(15).toMillis());

    private final List<JobRuntime> jobs;
    private final WorkerExecutor io;
    private final ServiceMetrics metrics;
    private final Clock clock;
    private final Duration tick;
    private final JobStateStore states;
    private long timer = -1;
    private volatile boolean stopping;

    public DatafeedVerticle(List<JobRuntime> jobs, WorkerExecutor io, ServiceMetrics metrics, Clock clock, Duration tick, JobStateStore states) {
        this.jobs = List.copyOf(jobs);
        this.states = states;
        this.io = io;
        this.metrics = metrics;
        this.clock = clock;
        this.tick = tick;
    }

    @Override
    public Future<?> start() {
        Messages.registerCodecs(vertx.eventBus());
        timer = vertx.setPeriodic(0, Math.max(50, tick.toMillis()), id -> onTick());
        return Future.succeededFuture();
    }

    /** Stops starting cycles and waits (bounded) for the ones in flight to finish or fail. */
    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(timer);
        Promise<Void> done = Promise.promise();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        vertx.setPeriodic(100, id -> {
            if (jobs.stream().noneMatch(JobRuntime::busy) || System.nanoTime() > deadline) {
                vertx.cancelTimer(id);
                done.tryComplete();
            }
        });
        return done.future();
    }

    private void onTick() {
        for (JobRuntime job : jobs) {
            if (!stopping && job.tryStart()) {
                runCycle(job).onComplete(ar -> {
                    if (ar.failed()) {
                        job.lastError(ar.cause().getMessage());
                        LOG.warn("job {}: cycle failed, will retry from the checkpoint: {}", job.id(), ar.cause().getMessage());
                    }
                    job.finish();
                });
            }
        }
    }

    /** One cycle of one job; completes with true if a cycle was committed. */
    Future<Boolean> runCycle(JobRuntime job) {
        return io.executeBlocking(() -> {
            if (job.rollbackPending()) {
                // the last cycle failed after its models may have learned it: back to the stored states first
                states.rollback(job);
                job.rollbackPending(false);
                LOG.info("job {}: models and annotations rolled back to the checkpoint's states", job.id());
            }
            return pull(job);
        }, false).compose(pulled -> {
            if (pulled.isEmpty()) {
                return Future.succeededFuture(false);
            }
            Messages.Pulled p = pulled.get();
            // from the scoring on, the models are ahead of the stored states until the commit saves them
            job.rollbackPending(true);
            return vertx.eventBus().<Messages.Scored>request(Messages.SCORE, p, STAGE)
                    .compose(m -> vertx.eventBus().<Messages.Scored>request(Messages.PRECURSORS, m.body(), STAGE))
                    .compose(m -> vertx.eventBus().<Messages.Written>request(Messages.RESULTS, m.body(), STAGE))
                    .compose(m -> vertx.eventBus().<Messages.Written>request(Messages.ALERTS, m.body(), STAGE))
                    .compose(m -> io.executeBlocking(() -> commit(job, p.cycle()), false));
        });
    }

    private Optional<Messages.Pulled> pull(JobRuntime job) {
        Optional<Cycle> cycle = job.datafeed().nextCycle();
        report(job);
        if (cycle.isEmpty()) {
            return Optional.empty();
        }
        Optional<BucketBatch> batch = job.datafeed().pull(cycle.get());
        report(job);
        if (batch.isEmpty()) {
            metrics.elasticsearchError("pull");
            return Optional.empty();
        }
        metrics.pull(job.id(), Duration.ofMillis(batch.get().pullMillis()), (int) batch.get().requests());
        return Optional.of(new Messages.Pulled(job, cycle.get(), batch.get()));
    }

    private boolean commit(JobRuntime job, Cycle cycle) {
        states.save(job);
        job.rollbackPending(false);
        boolean ok = job.datafeed().commit(cycle);
        report(job);
        if (!ok) {
            metrics.elasticsearchError("commit");
            throw new IllegalStateException("checkpoint of " + cycle + " was not persisted; the range will be processed again");
        }
        job.lastError(null);
        return true;
    }

    private void report(JobRuntime job) {
        DatafeedStatus st = job.datafeed().status();
        if (st.checkpoint() != null) {
            metrics.lag(job.id(), Duration.between(st.checkpoint(), clock.instant()));
        }
    }
}
