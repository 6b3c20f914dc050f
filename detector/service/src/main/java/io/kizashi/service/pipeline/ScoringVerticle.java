package io.kizashi.service.pipeline;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.SeriesModel;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.SeriesBuckets;
import io.kizashi.datafeed.job.MetricSpec;
import io.kizashi.results.SeriesResults;
import io.kizashi.service.scoring.SeriesScorer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 2: scores a pulled cycle with the job's series models, on the scoring worker pool (never on the
 * event loop). Revision cycles (late data) are not fed to the models: a model never learns a bucket twice.
 */
public final class ScoringVerticle extends VerticleBase {

    /** How far ahead a trend's crossing of its limit is looked for. */
    static final int TREND_HORIZON_BUCKETS = 2880;

    private final WorkerExecutor pool;

    public ScoringVerticle(WorkerExecutor pool) {
        this.pool = pool;
    }

    @Override
    public Future<?> start() {
        return vertx.eventBus().<Messages.Pulled>consumer(Messages.SCORE, this::onPulled).completion();
    }

    private void onPulled(Message<Messages.Pulled> m) {
        pool.executeBlocking(() -> score(m.body()), false).onComplete(ar -> {
            if (ar.succeeded()) {
                m.reply(ar.result());
            } else {
                m.fail(500, "scoring " + m.body().cycle() + " failed: " + ar.cause());
            }
        });
    }

    static Messages.Scored score(Messages.Pulled p) {
        long t0 = System.nanoTime();
        JobRuntime job = p.job();
        List<SeriesResults> out = new ArrayList<>();
        Map<SeriesKey, io.kizashi.core.trend.Forecast> forecasts = new HashMap<>();
        if (!p.batch().revision()) {
            SeriesScorer scorer = job.scorer();
            for (SeriesBuckets s : p.batch().series()) {
                List<SeriesScorer.Point> points = new ArrayList<>(s.size());
                for (int i = 0; i < s.size(); i++) {
                    points.add(new SeriesScorer.Point(s.start(i), s.value(i)));
                }
                List<BucketResult> results = scorer.score(s.key(), points);
                if (results.isEmpty()) {
                    continue;
                }
                SeriesModel model = scorer.model(s.key());
                out.add(new SeriesResults(s.key(), results, model.seasonality()));
                BucketResult last = results.getLast();
                job.record(s.key(), new JobRuntime.Latest(last.timestamp(), last.score(), last.anomalous()));
                Double limit = job.metric(s.key()).map(MetricSpec::detect).map(d -> d.trendLimit()).orElse(null);
                if (limit != null) {
                    synchronized (model) {
                        forecasts.put(s.key(), model.forecast(TREND_HORIZON_BUCKETS, 0.95, limit));
                    }
                }
            }
        }
        for (SeriesBuckets s : p.batch().series()) {
            for (int i = s.size() - 1; i >= 0; i--) {
                if (s.docCount(i) > 0) {
                    job.sawData(s.start(i).plus(p.batch().bucketSpan()));
                    break;
                }
            }
        }
        return new Messages.Scored(job, p.cycle(), p.batch(), out, forecasts, System.nanoTime() - t0);
    }
}
