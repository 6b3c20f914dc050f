package io.kizashi.service.pipeline;

import io.kizashi.alerting.AlertingService;
import io.kizashi.alerting.engine.HealthObservation;
import io.kizashi.alerting.engine.SeriesObservation;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.ResultStatus;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.core.trend.Forecast;
import io.kizashi.datafeed.DatafeedStatus;
import io.kizashi.results.SeriesResults;
import io.kizashi.service.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    private final ServiceMetrics metrics;
    private final Clock clock;
    private final String consoleUrl;
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
        this.metrics = metrics;
        this.clock = clock;
        this.consoleUrl = consoleUrl;
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
        io.executeBlocking(() -> evaluate(m.body()), false).onComplete(ar -> {
            if (ar.succeeded()) {
                m.reply(m.body());
            } else {
                metrics.elasticsearchError("alerts");
                m.fail(500, "alert evaluation of " + m.body().scored().cycle() + " failed: " + ar.cause().getMessage());
            }
        });
    }

    private AlertingService.CycleReport evaluate(Messages.Written w) {
        Messages.Scored s = w.scored();
        List<SeriesObservation> series = new ArrayList<>();
        for (SeriesResults r : s.results()) {
            SeriesKey key = r.key();
            Forecast forecast = s.forecasts().get(key);
            List<String> ids = w.requestIds().getOrDefault(key, List.of());
            String discover = w.discoverUrls().get(key);
            String console = consoleUrl == null ? null : consoleUrl + "?job=" + enc(key.jobId()) + "&series_id=" + enc(key.id());
            for (int i = 0; i < r.results().size(); i++) {
                BucketResult b = r.results().get(i);
                if (b.status() != ResultStatus.SCORED) {
                    continue;
                }
                SeriesObservation o = SeriesObservation.of(key, b).withChangePoints(b.changePoints()).withLinks(ids, discover, console);
                if (r.precursor() != null) {
                    o = o.withPrecursor(r.precursor()[i], r.precursorModel().threshold());
                }
                if (forecast != null && i == r.results().size() - 1) {
                    o = o.withForecast(forecast);
                }
                series.add(o);
            }
        }
        Instant now = clock.instant();
        List<HealthObservation> health = new ArrayList<>();
        for (JobRuntime j : jobs) {
            DatafeedStatus st = j.datafeed().status();
            if (st.checkpoint() != null) {
                health.add(new HealthObservation(j.id(), now, Duration.between(st.checkpoint(), now), j.lastData()));
            }
        }
        AlertingService.CycleReport report = alerting.evaluate(now, series, health);
        if (!report.transitions().isEmpty()) {
            LOG.info("alerts: {}", report.transitions().stream().map(t -> t.kind() + " " + t.rule() + " " + t.fingerprint()).toList());
        }
        return report;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
