package io.kizashi.service.pipeline;

import io.kizashi.alerting.AlertingService;
import io.kizashi.service.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Stage 5: evaluates the alert rules on a written cycle (on the I/O pool: the alerting service records
 * every transition in its Elasticsearch outbox before delivering it) and, every few seconds, drains the
 * outbox so that receivers that were down get what they missed. With no rules configured the cycle
 * completes here.
 */
public final class AlertsVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsVerticle.class);

    private final WorkerExecutor io;
    private final AlertingService alerting;
    private final List<JobRuntime> jobs;
    private final AlertEvaluation evaluation;
    private final Duration drainEvery;
    private long drainTimer = -1;

    /**
     * @param alerting   the alerting service, or null when no rules are configured
     * @param consoleUrl base URL of the console for links in notifications, or null
     */
    public AlertsVerticle(WorkerExecutor io, AlertingService alerting, List<JobRuntime> jobs, ServiceMetrics metrics, Clock clock,
                          String consoleUrl, Duration drainEvery) {
        this.io = io;
        this.alerting = alerting;
        this.jobs = List.copyOf(jobs);
        this.evaluation = new AlertEvaluation(io, metrics, clock, consoleUrl, LOG);
        this.drainEvery = drainEvery;
    }

    @Override
    public Future<?> start() {
        if (alerting != null) {
            drainTimer = vertx.setPeriodic(drainEvery.toMillis(), id -> io.executeBlocking(alerting::drain, false)
                    .onFailure(e -> LOG.warn("alert delivery: {}", e.getMessage())));
        }
        return vertx.eventBus().<Messages.Written>consumer(Messages.ALERTS, this::onWritten).completion();
    }

    @Override
    public Future<?> stop() {
        if (drainTimer >= 0) {
            vertx.cancelTimer(drainTimer);
        }
        return Future.succeededFuture();
    }

    private void onWritten(Message<Messages.Written> m) {
        if (alerting == null) {
            m.reply(m.body());
            return;
        }
        evaluation.evaluateAndReply(m, alerting, jobs, "");
    }
}
