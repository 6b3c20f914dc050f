package io.kizashi.service.cluster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.alerting.AlertingService;
import io.kizashi.alerting.delivery.DeliveryConfig;
import io.kizashi.alerting.outbox.AlertIndices;
import io.kizashi.alerting.rules.RuleSet;
import io.kizashi.service.metrics.ServiceMetrics;
import io.kizashi.service.pipeline.AlertEvaluation;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.service.pipeline.Messages;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alerting in cluster mode: each job's alert rules are evaluated by the replica that runs the job, on alert
 * indices of that job's own ({@code <prefix>job-<job id>-alerts-outbox}, {@code ...-alert-state},
 * {@code ...-alert-feedback}). One evaluator per job and outbox means an alert's state is never shared by two
 * replicas (with one set of indices, a replica would see the alerts of jobs it does not run go silent and
 * resolve them); when a job moves, its new owner loads the job's alert state and outbox and goes on, and
 * transitions replayed after a crash are refused by the outbox as before.
 *
 * <p>What differs from one replica: a rule whose group spans several jobs fires once per job; the
 * {@code /api/alerts} endpoints and rule reloading are not available (restart the replicas to load new rules).
 */
public final class ClusterAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterAlerts.class);

    private final ElasticsearchClient client;
    private final RuleSet rules;
    private final DeliveryConfig delivery;
    private final String prefix;
    private final Clock clock;
    private final Map<String, AlertingService> byJob = new ConcurrentHashMap<>();

    public ClusterAlerts(ElasticsearchClient client, RuleSet rules, DeliveryConfig delivery, String indexPrefix, Clock clock) {
        this.client = client;
        this.rules = rules;
        this.delivery = delivery;
        this.prefix = indexPrefix;
        this.clock = clock;
    }

    /** The alert indices of one job. */
    public AlertIndices indices(String jobId) {
        return new AlertIndices(prefix + "job-" + jobId + "-");
    }

    /** Blocking: loads the job's alert state and outbox (undelivered notifications go out on the next drain). */
    void open(String jobId) {
        byJob.put(jobId, AlertingService.start(client, rules, indices(jobId), delivery, clock));
    }

    void close(String jobId) {
        byJob.remove(jobId);
    }

    /** The alerting of a job running here, or null. */
    public AlertingService of(String jobId) {
        return byJob.get(jobId);
    }

    /** The alert stage for cluster mode (replaces the single-evaluator stage). */
    public VerticleBase verticle(WorkerExecutor io, ServiceMetrics metrics, String consoleUrl, Duration drainEvery) {
        return new Stage(io, metrics, consoleUrl, drainEvery);
    }

    private final class Stage extends VerticleBase {

        private final WorkerExecutor io;
        private final AlertEvaluation evaluation;
        private final Duration drainEvery;
        private long timer = -1;

        Stage(WorkerExecutor io, ServiceMetrics metrics, String consoleUrl, Duration drainEvery) {
            this.io = io;
            this.evaluation = new AlertEvaluation(io, metrics, clock, consoleUrl, LOG);
            this.drainEvery = drainEvery;
        }

        @Override
        public Future<?> start() {
            timer = vertx.setPeriodic(drainEvery.toMillis(), id -> io.executeBlocking(() -> {
                byJob.values().forEach(AlertingService::drain);
                return null;
            }, false).onFailure(e -> LOG.warn("alert delivery: {}", e.getMessage())));
            return vertx.eventBus().<Messages.Written>consumer(Messages.ALERTS, this::onWritten).completion();
        }

        @Override
        public Future<?> stop() {
            vertx.cancelTimer(timer);
            return Future.succeededFuture();
        }

        private void onWritten(Message<Messages.Written> m) {
            JobRuntime job = m.body().scored().job();
            AlertingService alerting = byJob.get(job.id());
            if (alerting == null) {
                m.fail(500, "job " + job.id() + " has no alerting on this replica (it is being handed over)");
                return;
            }
            // as the single-replica stage does it, with the health of this job only
            evaluation.evaluateAndReply(m, alerting, List.of(job), " of job " + job.id());
        }
    }
}
