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
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert evaluation of one written cycle, in one place for the single-replica stage ({@link AlertsVerticle}) and
 * cluster mode's per-job stage, so that both feed the rules the same observations: every scored bucket with its
 * links (request ids, Discover, console), precursor probability and threshold, and the forecast on a series' last
 * bucket; and the data freshness of the jobs whose health the caller evaluates.
 */
public final class AlertEvaluation {

    private final WorkerExecutor io;
    private final ServiceMetrics metrics;
    private final Clock clock;
    private final String consoleUrl;
    private final Logger log;

    /**
     * @param consoleUrl base URL of the console for links in notifications, or null
     * @param log        where transitions are logged (the caller's logger, so that its log lines keep their name)
     */
    public AlertEvaluation(WorkerExecutor io, ServiceMetrics metrics, Clock clock, String consoleUrl, Logger log) {
        this.io = io;
        this.metrics = metrics;
        this.clock = clock;
        this.consoleUrl = consoleUrl;
        this.log = log;
    }

    /**
     * Evaluates the rules of {@code alerting} on the cycle on the I/O pool (the alerting service records every
     * transition in its outbox before delivering it), with the health of {@code healthOf}; replies with the cycle,
     * or fails the message (500) naming the cycle and the cause.
     *
     * @param scope what the transitions' log line says they belong to ("" or " of job x")
     */
    public void evaluateAndReply(Message<Messages.Written> m, AlertingService alerting, List<JobRuntime> healthOf, String scope) {
        io.executeBlocking(() -> evaluate(alerting, m.body(), healthOf, scope), false).onComplete(ar -> {
            if (ar.succeeded()) {
                m.reply(m.body());
            } else {
                metrics.elasticsearchError("alerts");
                m.fail(500, "alert evaluation of " + m.body().scored().cycle() + " failed: " + ar.cause().getMessage());
            }
        });
    }

    private AlertingService.CycleReport evaluate(AlertingService alerting, Messages.Written w, List<JobRuntime> healthOf, String scope) {
        Instant now = clock.instant();
        AlertingService.CycleReport report = alerting.evaluate(now, observations(w, consoleUrl), health(healthOf, now));
        if (!report.transitions().isEmpty()) {
            log.info("alerts{}: {}", scope, report.transitions().stream().map(t -> t.kind() + " " + t.rule() + " " + t.fingerprint()).toList());
        }
        return report;
    }

    /** The scored buckets of a written cycle as the rules see them, series by series in bucket order. */
    static List<SeriesObservation> observations(Messages.Written w, String consoleUrl) {
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
        return series;
    }

    /**
     * How far behind each job's data is at {@code now} (the service clock: data time), and how long its datafeed has
     * made no progress (the process's monotonic clock: a simulated clock running 60 times faster must not turn a
     * backfill cycle that takes 15 s into a 15-minute stall); a job that has no checkpoint yet has no health to judge.
     */
    static List<HealthObservation> health(List<JobRuntime> jobs, Instant now) {
        List<HealthObservation> health = new ArrayList<>();
        for (JobRuntime j : jobs) {
            DatafeedStatus st = j.datafeed().status();
            if (st.checkpoint() != null) {
                health.add(new HealthObservation(j.id(), now, Duration.between(st.checkpoint(), now), j.lastData(),
                        st.state() == DatafeedStatus.State.BACKFILLING, j.datafeed().sinceProgress()));
            }
        }
        return health;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
