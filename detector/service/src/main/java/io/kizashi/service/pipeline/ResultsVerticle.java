package io.kizashi.service.pipeline;

import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.DelayedData;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.IndexDocument;
import io.kizashi.results.Annotation;
import io.kizashi.results.AnnotationDocuments;
import io.kizashi.results.ResultsWriter;
import io.kizashi.results.SeriesResults;
import io.kizashi.service.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stage 4: writes a cycle's results and annotations (with deterministic ids) on the I/O worker pool. Only when
 * all of that is durable does the cycle move on, so the datafeed's checkpoint never gets ahead of what is
 * stored. The models' states and the annotation trackers are saved at the commit, after the alerts (see
 * {@link JobStateStore}).
 */
public final class ResultsVerticle extends VerticleBase {

    private final WorkerExecutor pool;
    private final ResultsWriter writer;
    private final AnnotationDocuments annotations;
    private final ServiceMetrics metrics;
    private final Clock clock;

    public ResultsVerticle(WorkerExecutor pool, ResultsWriter writer, AnnotationDocuments annotations,
                           ServiceMetrics metrics, Clock clock) {
        this.pool = pool;
        this.writer = writer;
        this.annotations = annotations;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        return vertx.eventBus().<Messages.Scored>consumer(Messages.RESULTS, this::onScored).completion();
    }

    private void onScored(Message<Messages.Scored> m) {
        pool.executeBlocking(() -> write(m.body()), false).onComplete(ar -> {
            if (ar.succeeded()) {
                m.reply(ar.result());
            } else {
                m.fail(500, "writing results of " + m.body().cycle() + " failed: " + ar.cause().getMessage());
            }
        });
    }

    private Messages.Written write(Messages.Scored s) {
        long started = System.nanoTime();
        JobRuntime job = s.job();
        Instant now = clock.instant();
        Duration span = s.batch().bucketSpan();
        long docs = 0;
        if (!s.results().isEmpty()) {
            ResultsWriter.Summary summary = writer.write(job.id(), span, s.results(), false, now);
            if (!summary.ok()) {
                metrics.elasticsearchError("write_results");
                throw new IllegalStateException("results were not all written: " + summary.bulk().summary());
            }
            docs += summary.records() + summary.buckets() + summary.annotations() + summary.changepoints();
        }
        if (!s.batch().delayedData().isEmpty()) {
            List<IndexDocument> late = new ArrayList<>();
            for (DelayedData d : s.batch().delayedData()) {
                late.add(annotations.document(delayed(job.id(), d, span), now));
            }
            metrics.delayedData(job.id(), s.batch().delayedData().size());
            try (BulkIndexer bulk = new BulkIndexer(writer.client(), BulkIndexer.Options.defaults())) {
                bulk.addAll(late);
                if (!bulk.flush().ok()) {
                    throw new IllegalStateException("delayed-data annotations were not written");
                }
            }
        }
        long buckets = s.results().stream().mapToLong(r -> r.results().size()).sum();
        metrics.bucketsProcessed(job.id(), buckets);
        metrics.scoring(job.id(), Duration.ofNanos(s.scoringNanos()));
        metrics.resultsWrite(job.id(), Duration.ofNanos(System.nanoTime() - started));
        metrics.series(job.id(), job.scorer().seriesCount());
        Map<SeriesKey, Double> scores = new HashMap<>();
        job.latest().forEach((k, v) -> scores.put(k, v.score()));
        metrics.seriesScores(scores);
        Map<SeriesKey, List<String>> ids = new HashMap<>();
        Map<SeriesKey, String> urls = new HashMap<>();
        for (io.kizashi.results.AnnotationTracker.Open o : writer.trackerState(job.id())) {
            ids.put(o.series(), o.requestIds());
            if (o.discoverUrl() != null) {
                urls.put(o.series(), o.discoverUrl());
            }
        }
        return new Messages.Written(s, docs, ids, urls);
    }

    static Annotation delayed(String jobId, DelayedData d, Duration span) {
        String msg = String.format(Locale.ROOT, "late documents: the bucket at %s had %d documents when processed and has %d now",
                d.bucket(), d.countBefore(), d.countAfter());
        return new Annotation("delayed_data", jobId, null, d.bucket(), d.bucket().plus(span), false, 0,
                "late data in " + jobId, msg, null, "delayed_data", d.countAfter(), d.countBefore(), 1, List.of(), null, List.of());
    }
}
