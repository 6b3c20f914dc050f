package io.kizashi.service.pipeline;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.precursor.PrecursorScorer;
import io.kizashi.results.PrecursorModel;
import io.kizashi.results.SeriesResults;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 3: adds the instability-precursor probability of each entity (a job's split values, across its
 * metrics) from the loaded model bundle, on the scoring pool. With no precursor model configured or
 * loaded the cycle passes through unchanged and results carry no precursor probability; the entities'
 * features keep advancing, so a bundle that arrives later (hot reload) starts warm.
 */
public final class PrecursorVerticle extends VerticleBase {

    private final WorkerExecutor pool;
    private final PrecursorScorer scorer;

    /** @param scorer the precursor scorer, or null when no precursor model is configured */
    public PrecursorVerticle(WorkerExecutor pool, PrecursorScorer scorer) {
        this.pool = pool;
        this.scorer = scorer;
    }

    @Override
    public Future<?> start() {
        return vertx.eventBus().<Messages.Scored>consumer(Messages.PRECURSORS, this::onScored).completion();
    }

    private void onScored(Message<Messages.Scored> m) {
        if (scorer == null || m.body().results().isEmpty()) {
            m.reply(m.body());
            return;
        }
        pool.executeBlocking(() -> annotate(scorer, m.body()), false).onComplete(ar -> {
            if (ar.succeeded()) {
                m.reply(ar.result());
            } else {
                m.fail(500, "precursors of " + m.body().cycle() + " failed: " + ar.cause());
            }
        });
    }

    /** The cycle with each series' precursor probabilities, or unchanged when no bundle is loaded. */
    static Messages.Scored annotate(PrecursorScorer scorer, Messages.Scored s) {
        Map<SeriesKey, List<BucketResult>> cycle = new LinkedHashMap<>();
        for (SeriesResults r : s.results()) {
            cycle.put(r.key(), r.results());
        }
        PrecursorScorer.Scores scores = scorer.score(cycle);
        if (scores.modelId() == null) {
            return s;
        }
        PrecursorModel model = new PrecursorModel(scores.modelId(), scores.threshold());
        List<SeriesResults> out = new ArrayList<>(s.results().size());
        for (SeriesResults r : s.results()) {
            out.add(r.withPrecursor(scores.forSeries(r.key(), r.results()), model));
        }
        return new Messages.Scored(s.job(), s.cycle(), s.batch(), out, s.forecasts(), s.scoringNanos());
    }
}
