package io.kizashi.service.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides which jobs run on this replica and hands them over. Every second each replica computes, for
 * every job, the owner among the live members ({@link Rendezvous}); the claims themselves live in a
 * cluster-wide map (job → node id), changed only by compare-and-set:
 * <ul>
 *   <li>a job this replica should own is claimed when unclaimed, or when its claimant is no longer a
 *       member (it died: Hazelcast stopped hearing from it for {@code failure_timeout}); then it is
 *       taken over: checkpoint fenced, model and annotation state restored, cycles started;</li>
 *   <li>a job this replica holds but should not (a member joined) is released: no new cycle starts, the
 *       one in flight finishes and commits, then the claim is removed and the new owner takes it;</li>
 *   <li>a job whose claim names another replica is never run here, whatever the hashing says.</li>
 * </ul>
 * So a job runs on one replica at a time, and a replica that has lost one without knowing it (a network
 * split) cannot commit it any more ({@link CheckpointFence}).
 */
public final class JobOwnership {

    private static final Logger LOG = LoggerFactory.getLogger(JobOwnership.class);

    /** What the service does when a job comes or goes. */
    public interface Handover {
        /** Blocking, on a worker: fences the checkpoint, restores the job's state and starts its cycles. */
        void takeOver(String jobId) throws Exception;

        /** Stops starting cycles of the job; completes when none is in flight any more. */
        Future<Void> release(String jobId);

        /** True when the job's datafeed stopped for good here (e.g. its checkpoint was fenced by another replica). */
        boolean failed(String jobId);
    }

    /** A held job whose datafeed failed is taken over afresh at most this often. */
    static final Duration RETAKE_EVERY = Duration.ofSeconds(30);

    private final ClusterNode node;
    private final List<String> jobIds;
    private final Handover handover;
    private final Duration every;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> retaken = new ConcurrentHashMap<>();
    private final AtomicInteger members = new AtomicInteger();
    private volatile boolean stopped;
    private boolean running;
    private long timer = -1;

    public JobOwnership(ClusterNode node, List<String> jobIds, Handover handover, Duration every) {
        this.node = node;
        this.jobIds = List.copyOf(jobIds);
        this.handover = handover;
        this.every = every;
    }

    /**
     * Joins the cluster and starts handing jobs over (cluster mode of the service).
     *
     * @param pipeline the service's own Vert.x (not clustered), where releases wait for cycles
     */
    public static Future<JobOwnership> join(Vertx pipeline, io.kizashi.service.config.ServiceConfig.Cluster settings,
                                            JobActivation activation, List<io.kizashi.service.pipeline.JobRuntime> jobs,
                                            MeterRegistry registry) {
        return ClusterNode.join(settings).map(node -> {
            activation.owner(node.nodeId());
            JobOwnership o = new JobOwnership(node, jobs.stream().map(io.kizashi.service.pipeline.JobRuntime::id).toList(), activation,
                    Duration.ofSeconds(1));
            o.start(registry);
            LOG.info("cluster {}: joined as {} at {}:{}; members {}", settings.name(), node.nodeId(), settings.host(), settings.port(),
                    node.members());
            return o;
        });
    }

    /** Starts reconciling (the first pass runs at once). */
    public void start(MeterRegistry registry) {
        Gauge.builder("kizashi.cluster.members", members, AtomicInteger::get).description("live replicas in the cluster").register(registry);
        Gauge.builder("kizashi.cluster.jobs.owned", held, Set::size).description("jobs running on this replica").register(registry);
        Vertx v = node.vertx();
        timer = v.setPeriodic(0, every.toMillis(), id -> {
            if (!running && !stopped) {
                running = true;
                reconcile().onComplete(ar -> {
                    running = false;
                    if (ar.failed()) {
                        LOG.warn("cluster: reconciling job ownership failed (retrying): {}", ar.cause().toString());
                    }
                });
            }
        });
    }

    /** The jobs running on this replica now. */
    public Set<String> held() {
        return Set.copyOf(held);
    }

    public String nodeId() {
        return node.nodeId();
    }

    Future<Void> reconcile() {
        List<String> nodes = node.members();
        members.set(nodes.size());
        Future<Void> f = Future.succeededFuture();
        for (String job : jobIds) {
            f = f.compose(v -> stopped ? Future.succeededFuture() : step(job, nodes));
        }
        return f;
    }

    private Future<Void> step(String job, List<String> nodes) {
        String me = node.nodeId();
        String desired = Rendezvous.owner(job, nodes);
        return node.owners().get(job).compose(current -> {
            boolean mine = held.contains(job);
            if (mine && current != null && !current.equals(me)) {
                // another replica took it while we did not see it (e.g. after a split): stop at once
                LOG.warn("cluster: job {} is claimed by {}; stopping it here", job, current);
                return release(job);
            }
            if (!me.equals(desired)) {
                return mine ? release(job).compose(v -> node.owners().removeIfPresent(job, me)).mapEmpty() : Future.succeededFuture();
            }
            if (mine && handover.failed(job)) {
                // e.g. during a network split both sides ran it and the other side's fence won: start it afresh
                long now = System.nanoTime();
                Long last = retaken.get(job);
                if (last == null || now - last > RETAKE_EVERY.toNanos()) {
                    retaken.put(job, now);
                    LOG.warn("cluster: job {} failed on this replica; taking it over afresh", job);
                    return release(job).compose(v -> takeOver(job, "its datafeed had failed"));
                }
            }
            if (mine) {
                return current == null ? node.owners().putIfAbsent(job, me).mapEmpty() : Future.succeededFuture();
            }
            if (current == null) {
                return node.owners().putIfAbsent(job, me).compose(prev -> prev == null ? takeOver(job, "unclaimed") : Future.succeededFuture());
            }
            if (current.equals(me)) {
                return takeOver(job, "claimed earlier, retrying");
            }
            if (!nodes.contains(current)) {
                return node.owners().replaceIfPresent(job, current, me)
                        .compose(ok -> ok ? takeOver(job, "its owner " + current + " left the cluster") : Future.succeededFuture());
            }
            // a live replica still runs it: it gives the job up when it sees the new membership
            return Future.succeededFuture();
        });
    }

    private Future<Void> takeOver(String job, String why) {
        long t0 = System.nanoTime();
        return node.vertx().<Void>executeBlocking(() -> {
            handover.takeOver(job);
            return null;
        }, false).onSuccess(v -> {
            held.add(job);
            LOG.info("cluster: took over job {} ({}) in {} ms", job, why, (System.nanoTime() - t0) / 1_000_000);
        }).recover(e -> {
            // keep the claim: nobody can do better while (say) Elasticsearch is down; retried next pass
            LOG.warn("cluster: taking over job {} failed, will retry: {}", job, e.toString());
            return Future.succeededFuture();
        });
    }

    private Future<Void> release(String job) {
        held.remove(job);
        return handover.release(job).onSuccess(v -> LOG.info("cluster: released job {}", job));
    }

    /**
     * Graceful stop: releases every held job (cycles in flight finish and commit), removes the claims so
     * the others take the jobs at once, then leaves the cluster.
     */
    public Future<Void> stop() {
        stopped = true;
        Promise<Void> idle = Promise.promise();
        Vertx v = node.vertx();
        v.cancelTimer(timer);
        v.setPeriodic(50, id -> {
            if (!running) {
                v.cancelTimer(id);
                idle.complete();
            }
        });
        String me = node.nodeId();
        return idle.future().compose(x -> {
            Future<Void> f = Future.succeededFuture();
            for (String job : Set.copyOf(held)) {
                f = f.compose(y -> release(job)).compose(y -> node.owners().removeIfPresent(job, me)).mapEmpty();
            }
            return f;
        }).eventually(() -> node.leave());
    }

    /** For tests: claims as seen in the cluster-wide map. */
    public Future<Map<String, String>> claims() {
        return node.owners().entries();
    }
}
