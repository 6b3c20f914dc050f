package io.kizashi.service.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.Jobs;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.elasticsearch.IndexDocument;
import io.kizashi.results.ResultIndices;
import io.kizashi.results.ResultsWriter;
import io.kizashi.results.SeriesResults;
import io.kizashi.service.KizashiService;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.service.scoring.ModelStore;
import io.kizashi.service.scoring.SeriesScorer;
import io.kizashi.testkit.SharedElasticsearch;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One replica holding many series (default 100,000: 1,000 services x 100 pods, one p95-latency metric,
 * 5-minute buckets). The models are trained templates (three days of seasonal data each) restored into
 * every series, as a replica restores them from Elasticsearch at start or takeover. Reports the heap per
 * series (heap after a full GC, before and after), the restore time, and per cycle: scoring one bucket
 * of every series (one worker thread, as the scoring stage runs one job), serialising the changed model
 * states, and writing the cycle's results and model states to Elasticsearch (embedded node, 1 shard).
 *
 * <p>Options: {@code -Dbench.series=100000}, {@code -Dbench.cycles=3}, {@code -Dbench.es=true} (false skips the
 * writes). The JVM needs about 3 GB of heap for 100,000 series with the writes (the profile passes -Xmx3g).
 */
public final class ScaleBenchmark {

    static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
    static final Duration SPAN = Duration.ofMinutes(5);
    static final int TEMPLATES = 16;
    static final int HISTORY = 288 * 3;

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.series", 100_000);
        int cycles = Integer.getInteger("bench.cycles", 3);
        boolean es = Boolean.parseBoolean(System.getProperty("bench.es", "true"));
        JobSpec spec = Jobs.parse("""
                job_id: scale
                source: {indices: [logs-*], bucket_span: 5m}
                split: {by: [service.name, kubernetes.pod.name]}
                calendar: {zone: Asia/Tokyo}
                metrics: [{name: p95_latency, function: percentile, field: event.duration, percentile: 95}]
                """, "scale.yaml");
        JobRuntime job = new JobRuntime(spec, null);
        SplittableRandom rnd = new SplittableRandom(42);

        // templates: trained on three days of a daily pattern with noise, each with its own level
        Map<Integer, byte[]> templates = new HashMap<>();
        Instant trained = START.plus(SPAN.multipliedBy(HISTORY));
        for (int t = 0; t < TEMPLATES; t++) {
            SeriesKey k = key(t, 0);
            SeriesScorer s = new SeriesScorer("scale", job::modelConfig);
            List<SeriesScorer.Point> pts = new ArrayList<>();
            double level = 50 + 20 * t;
            for (int i = 0; i < HISTORY; i++) {
                Instant at = START.plus(SPAN.multipliedBy(i));
                pts.add(new SeriesScorer.Point(at, value(level, at, rnd)));
            }
            s.score(k, pts);
            templates.put(t, s.model(k).toBytes());
        }
        System.out.printf(Locale.ROOT, "scale: %,d series, templates of %,d buckets (%d bytes of state each)%n", n, HISTORY,
                templates.get(0).length);

        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(mem);
        long t0 = System.nanoTime();
        Map<SeriesKey, ModelStore.Stored> stored = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            SeriesKey k = key(i / 100, i % 100);
            stored.put(k, new ModelStore.Stored(k, trained.minus(SPAN), templates.get(template(k))));
        }
        job.scorer().restore(stored);
        double restoreS = (System.nanoTime() - t0) / 1e9;
        stored = null;
        long after = usedAfterGc(mem);
        System.out.printf(Locale.ROOT, "heap: %,d MiB before, %,d MiB with %,d series -> %,d bytes per series (model, key, maps); "
                + "restore %.1f s (%,.0f series/s)%n", before >> 20, after >> 20, job.scorer().seriesCount(), (after - before) / n,
                restoreS, n / restoreS);

        ElasticsearchClient client = null;
        ResultsWriter writer = null;
        ModelStore models = null;
        if (es) {
            client = SharedElasticsearch.get().client();
            ResultIndices indices = new ResultIndices("bench-scale-");
            indices.install(client, IndexAdmin.Settings.defaults());
            models = new ModelStore(client, "bench-scale-models");
            models.install();
            writer = new ResultsWriter(client, indices, KizashiService.MODEL_VERSION, null, null, BulkIndexer.Options.defaults());
        }
        List<SeriesKey> keys = new ArrayList<>(job.scorer().models().keySet());
        for (int c = 0; c < cycles; c++) {
            Instant at = trained.plus(SPAN.multipliedBy(c));
            long s0 = System.nanoTime();
            List<SeriesResults> results = new ArrayList<>(keys.size());
            int anomalous = 0;
            for (int i = 0; i < keys.size(); i++) {
                SeriesKey k = keys.get(i);
                List<BucketResult> r = job.scorer().score(k, List.of(new SeriesScorer.Point(at, value(50 + 20 * template(k), at, rnd))));
                anomalous += r.getFirst().anomalous() ? 1 : 0;
                results.add(new SeriesResults(k, r, job.scorer().model(k).seasonality()));
            }
            double scoreS = (System.nanoTime() - s0) / 1e9;
            long d0 = System.nanoTime();
            List<IndexDocument> states = job.scorer().drainDirty(models == null ? new ModelStore(null, "none") : models, at);
            double drainS = (System.nanoTime() - d0) / 1e9;
            String writes = "writes skipped";
            if (es) {
                long w0 = System.nanoTime();
                ResultsWriter.Summary sum = writer.write("scale", SPAN, results, false, at);
                double resultsS = (System.nanoTime() - w0) / 1e9;
                long m0 = System.nanoTime();
                models.save(states, BulkIndexer.Options.defaults());
                double modelsS = (System.nanoTime() - m0) / 1e9;
                long docs = sum.records() + sum.buckets() + sum.annotations() + sum.changepoints();
                writes = String.format(Locale.ROOT, "results %,d docs in %.1f s (%,.0f docs/s, ok=%s), model states %,d docs in %.1f s (%,.0f docs/s)",
                        docs, resultsS, docs / resultsS, sum.ok(), states.size(), modelsS, states.size() / modelsS);
            }
            System.out.printf(Locale.ROOT, "cycle %d: scoring %,d series %.2f s (%.1f us/series, %d anomalous), serialising %,d states %.2f s; %s%n",
                    c + 1, keys.size(), scoreS, scoreS * 1e6 / keys.size(), anomalous, states.size(), drainS, writes);
        }
        if (es) {
            // what the results cost on disk: primary store of the results indices after a flush and force-merge, per
            // document, and for a day of 1-minute buckets of 1,000 series (1,440,000 records)
            client.indices().refresh(r -> r.index("bench-scale-results-*"));
            client.indices().forcemerge(f -> f.index("bench-scale-results-*").maxNumSegments(1L).flush(true));
            var stats = client.indices().stats(st -> st.index("bench-scale-results-*")).all().primaries();
            long docs = stats.docs().count();
            long bytes = stats.store().sizeInBytes();
            System.out.printf(Locale.ROOT, "results on disk: %,d docs, %,d bytes (%.0f bytes per document) -> a day of 1-minute buckets "
                    + "for 1,000 series: %,d record documents, about %,.0f MB%n", docs, bytes, bytes / (double) docs, 1_440_000,
                    1_440_000 * (bytes / (double) docs) / 1e6);
        }
        System.out.printf(Locale.ROOT, "heap now %,d MiB (after GC)%n", usedAfterGc(mem) >> 20);
        System.exit(0);
    }

    /** Which template a series restores (and so which level its values have). */
    static int template(SeriesKey k) {
        return Math.floorMod(k.splits().get("kubernetes.pod.name").hashCode(), TEMPLATES);
    }

    static SeriesKey key(int service, int pod) {
        Map<String, String> splits = new TreeMap<>();
        splits.put("service.name", "svc-" + service);
        splits.put("kubernetes.pod.name", "svc-" + service + "-7f9c" + Integer.toHexString(service * 131 + 17) + "-" + pod);
        return new SeriesKey("scale", "p95_latency", splits);
    }

    /** A daily pattern around the level (peaks in the Tokyo afternoon) with 5 % noise. */
    static double value(double level, Instant at, SplittableRandom rnd) {
        double hour = ((at.getEpochSecond() / 3600.0) + 9) % 24;
        double daily = 1 + 0.4 * Math.sin((hour - 8) / 24 * 2 * Math.PI);
        return level * daily * (1 + 0.05 * gaussian(rnd));
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
