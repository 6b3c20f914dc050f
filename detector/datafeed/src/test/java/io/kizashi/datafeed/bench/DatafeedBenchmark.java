package io.kizashi.datafeed.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.kizashi.datafeed.BucketBatch;
import io.kizashi.datafeed.Cycle;
import io.kizashi.datafeed.Datafeed;
import io.kizashi.datafeed.DatafeedOptions;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.Jobs;
import io.kizashi.elasticsearch.EsClients;
import io.kizashi.elasticsearch.EsConnectionConfig;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.es.embedded.EmbeddedElasticsearch;
import io.kizashi.testkit.MutableClock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Datafeed throughput on the embedded node: one day of 1-minute buckets for 1,000 series (50 services x
 * 20 pods) with 10 metrics each, over about 5 million documents; reports the wall time and request count
 * of the backfill pull and of live cycles. Not a test: the numbers depend on the machine. It stops by itself.
 *
 * <p>The documents (simpler than the simulator's, for volume) are generated once into
 * {@code <repo>/work/datafeed-bench/es-data} and reused by later runs (delete that folder to regenerate).
 * Run from the repository root:
 * <pre>
 * mvn -B -q -pl detector/datafeed -am verify -DskipTests -Pbench
 * </pre>
 * Optional: {@code -Dbench.heap=1g} (node heap), {@code -Dbench.live=5} (live cycles measured).
 */
public final class DatafeedBenchmark {

    static final Instant DAY = Instant.parse("2025-03-03T00:00:00Z");
    static final int SERVICES = 50;
    static final int PODS = 20;
    /** Minutes of documents: one day to backfill, then the minutes pulled by live cycles. */
    static final int EXTRA_MINUTES = 10;
    static final String INDEX = "bench-logs";
    static final String META = "bench-meta";
    static final int DATA_VERSION = 1;

    private DatafeedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = repoRoot().resolve("work").resolve("datafeed-bench");
        String heap = System.getProperty("bench.heap", "1g");
        int liveCycles = Integer.getInteger("bench.live", 5);
        Files.createDirectories(root);
        System.out.printf(Locale.ROOT, "cores %d, load %s, node heap %s, data in %s%n", Runtime.getRuntime().availableProcessors(),
            Files.readString(Path.of("/proc/loadavg")).trim(), heap, root);
        EmbeddedElasticsearch.Builder b = EmbeddedElasticsearch.builder().dataDir(root.resolve("es-data")).heap(heap)
            .clusterName("kizashi-bench").startTimeout(Duration.ofMinutes(3));
        Path aot = repoRoot().resolve("work").resolve("es-aot");
        if (Files.isDirectory(aot.getParent())) {
            b.aotCacheDir(aot);
        }
        try (EmbeddedElasticsearch es = b.start()) {
            System.out.printf(Locale.ROOT, "node started in %.1f s%n", es.startupTime().toMillis() / 1000.0);
            ElasticsearchClient client = EsClients.create(EsConnectionConfig.of(es.httpUri().toString())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(2)));
            try {
                long docs = ensureData(client);
                run(client, docs, liveCycles);
            } finally {
                client._transport().close();
            }
        }
    }

    static void run(ElasticsearchClient client, long docs, int liveCycles) throws IOException {
        JobSpec job = Jobs.parse("""
            job_id: bench
            source: {indices: [%s], bucket_span: 1m, query_delay: 1m, start: %s}
            split: {by: [svc, pod], max_series: 5000}
            metrics:
              - {name: requests, function: count}
              - {name: rps, function: rate}
              - {name: errors, function: non_zero_count, filter: {range: {status: {gte: 500}}}}
              - {name: error_ratio, function: ratio, numerator: {range: {status: {gte: 500}}}}
              - {name: dur_mean, function: mean, field: dur}
              - {name: dur_max, function: max, field: dur}
              - {name: dur_p95, function: percentile, field: dur, percentile: 95}
              - {name: dur_p99, function: percentile, field: dur, percentile: 99}
              - {name: bytes, function: sum, field: bytes}
              - {name: tenants, function: distinct_count, field: tenant}
            """.formatted(INDEX, DAY), "bench.yaml");
        String stateIndex = "bench-datafeed-state";
        new IndexAdmin(client).deleteIfExists(stateIndex);
        Instant dayEnd = DAY.plus(Duration.ofDays(1));
        MutableClock clock = new MutableClock(dayEnd.plus(job.source().queryDelay()));
        Datafeed feed = Datafeed.create(job, client, clock, DatafeedOptions.defaults().withStateIndex(stateIndex));

        long buckets = 0;
        long series = 0;
        long pullRequests = 0;
        long searchMillis = 0;
        int cycles = 0;
        long started = System.nanoTime();
        long pullNanos = 0;
        while (true) {
            var c = feed.nextCycle();
            if (c.isEmpty()) {
                break;
            }
            long p0 = System.nanoTime();
            BucketBatch batch = feed.pull(c.get()).orElseThrow(() -> new IllegalStateException("pull failed: " + feed.status().lastError()));
            pullNanos += System.nanoTime() - p0;
            buckets += batch.bucketCount();
            series = Math.max(series, batch.series().size());
            pullRequests += batch.requests();
            searchMillis += batch.searchMillis();
            if (!feed.commit(c.get())) {
                throw new IllegalStateException("commit failed: " + feed.status().lastError());
            }
            cycles++;
        }
        double backfillSeconds = (System.nanoTime() - started) / 1e9;
        var st = feed.status();
        if (!dayEnd.equals(st.checkpoint())) {
            throw new IllegalStateException("backfill stopped at " + st.checkpoint() + ": " + st.lastError());
        }
        System.out.printf(Locale.ROOT, "backfill: 1 day of 1m buckets, %d series (%d entities x %d metrics), %,d documents: "
                + "%.1f s wall (%.1f s in pull, of which Elasticsearch reports %.1f s), %d cycles, %d Elasticsearch requests (%d for checkpoints), %,d buckets handed on%n",
            series, series / job.metrics().size(), job.metrics().size(), docs, backfillSeconds, pullNanos / 1e9, searchMillis / 1e3, cycles,
            st.requests(), st.requests() - pullRequests, buckets);

        List<Long> liveMillis = new ArrayList<>();
        for (int i = 0; i < liveCycles && i < EXTRA_MINUTES; i++) {
            clock.advance(Duration.ofMinutes(1));
            long requestsBefore = feed.status().requests();
            long t0 = System.nanoTime();
            Cycle c = feed.nextCycle().orElseThrow();
            BucketBatch batch = feed.pull(c).orElseThrow(() -> new IllegalStateException("live pull failed: " + feed.status().lastError()));
            long pulled = System.nanoTime();
            feed.commit(c);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            liveMillis.add(ms);
            System.out.printf(Locale.ROOT, "live cycle %d: %s, %d series, %d buckets, %d ms (pull %d ms, Elasticsearch took %d ms), "
                    + "%d requests (%d search%s, 1 checkpoint write)%n", i + 1, c.kind(), batch.series().size(), batch.bucketCount(), ms,
                (pulled - t0) / 1_000_000, batch.searchMillis(), feed.status().requests() - requestsBefore, batch.requests(), batch.requests() > 1 ? " incl. the late-data check" : "");
        }
        liveMillis.sort(null);
        if (!liveMillis.isEmpty()) {
            System.out.printf(Locale.ROOT, "live cycle for %d series: median %d ms, max %d ms (target <= 1000 ms)%n",
                series, liveMillis.get(liveMillis.size() / 2), liveMillis.getLast());
        }
    }

    /** Generates the documents unless a complete earlier run left them; returns their number. */
    static long ensureData(ElasticsearchClient client) throws IOException {
        IndexAdmin admin = new IndexAdmin(client);
        long expected = expectedDocs();
        if (admin.exists(META) && admin.exists(INDEX)) {
            var meta = client.get(g -> g.index(META).id("data"), Map.class);
            if (meta.found() && meta.source() != null && Integer.valueOf(DATA_VERSION).equals(meta.source().get("version"))
                && client.count(c -> c.index(INDEX)).count() == expected) {
                System.out.printf(Locale.ROOT, "reusing %,d documents from an earlier run%n", expected);
                return expected;
            }
        }
        admin.deleteIfExists(INDEX);
        admin.deleteIfExists(META);
        admin.createIndexIfAbsent(INDEX, new IndexAdmin.Settings(1, 0, "-1"), """
            {"properties": {"@timestamp": {"type": "date"}, "svc": {"type": "keyword"}, "pod": {"type": "keyword"},
              "tenant": {"type": "keyword"}, "status": {"type": "short"}, "dur": {"type": "long"}, "bytes": {"type": "long"},
              "method": {"type": "keyword"}}}""");
        long t0 = System.nanoTime();
        long written = load(client);
        admin.setRefreshInterval(INDEX, "1s");
        admin.refresh(INDEX);
        client.indices().forcemerge(f -> f.index(INDEX).maxNumSegments(8L));
        long count = client.count(c -> c.index(INDEX)).count();
        if (count != expected || written != expected) {
            throw new IllegalStateException("expected " + expected + " documents, wrote " + written + ", index has " + count);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "generated and indexed %,d documents in %.0f s (%.0f docs/s, 1 shard, refresh off, then merged)%n",
            count, s, count / s);
        client.index(i -> i.index(META).id("data").document(Map.of("version", DATA_VERSION, "docs", count)).refresh(
            co.elastic.clients.elasticsearch._types.Refresh.True));
        return count;
    }

    /** Documents of one series and minute: 1 to 6 (3.5 on average), from a stream keyed by both. */
    static int docsIn(int series, long minute) {
        return 1 + (int) Math.floorMod(new SplittableRandom(series * 1_000_003L + minute).nextLong(), 6L);
    }

    static long expectedDocs() {
        long n = 0;
        for (long m = 0; m < 1440 + EXTRA_MINUTES; m++) {
            for (int s = 0; s < SERVICES * PODS; s++) {
                n += docsIn(s, m);
            }
        }
        return n;
    }

    private static long load(ElasticsearchClient client) {
        ExecutorService senders = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-bulk");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(3);
        List<Future<?>> futures = new ArrayList<>();
        long written = 0;
        long start = DAY.toEpochMilli();
        List<BulkOperation> ops = new ArrayList<>();
        try {
            for (long m = 0; m < 1440 + EXTRA_MINUTES; m++) {
                for (int s = 0; s < SERVICES * PODS; s++) {
                    SplittableRandom r = new SplittableRandom(s * 7_919L + m * 104_729L);
                    int n = docsIn(s, m);
                    for (int k = 0; k < n; k++) {
                        BinaryData source = BinaryData.of(doc(start, s, m, r), ContentType.APPLICATION_JSON);
                        ops.add(BulkOperation.of(o -> o.index(x -> x.index(INDEX).document(source))));
                    }
                    written += n;
                    if (ops.size() >= 10_000) {
                        futures.add(send(client, senders, inFlight, ops));
                        ops = new ArrayList<>();
                    }
                }
                if (m % 120 == 119) {
                    System.out.printf(Locale.ROOT, "  indexed %d of %d minutes%n", m + 1, 1440 + EXTRA_MINUTES);
                }
            }
            if (!ops.isEmpty()) {
                futures.add(send(client, senders, inFlight, ops));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("bulk load failed: " + e, e);
        } finally {
            senders.shutdown();
        }
        return written;
    }

    private static Future<?> send(ElasticsearchClient client, ExecutorService senders, Semaphore inFlight, List<BulkOperation> ops)
        throws InterruptedException {
        inFlight.acquire();
        return senders.submit(() -> {
            try {
                BulkResponse r = client.bulk(BulkRequest.of(b -> b.operations(ops)));
                if (r.errors()) {
                    throw new IllegalStateException("bulk errors, first: " + r.items().stream().filter(i -> i.error() != null).findFirst());
                }
                return null;
            } finally {
                inFlight.release();
            }
        });
    }

    private static byte[] doc(long start, int series, long minute, SplittableRandom r) {
        int svc = series / PODS;
        int pod = series % PODS;
        long ts = start + minute * 60_000 + r.nextInt(60_000);
        int status = r.nextInt(100) < 2 ? 500 + r.nextInt(4) : 200;
        long dur = 1 + (long) Math.exp(3.5 + 0.8 * r.nextGaussian());
        String json = "{\"@timestamp\":" + ts + ",\"svc\":\"svc-" + svc + "\",\"pod\":\"svc-" + svc + "-p" + pod
            + "\",\"tenant\":\"t-" + r.nextInt(200) + "\",\"status\":" + status + ",\"dur\":" + dur
            + ",\"bytes\":" + (200 + r.nextInt(20_000)) + ",\"method\":\"" + (r.nextBoolean() ? "GET" : "POST") + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static Path repoRoot() {
        String prop = System.getProperty("kizashi.repo.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("detector"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run from inside the repository (no detector/ folder above " + Path.of("").toAbsolutePath() + ")");
        }
        return p;
    }
}
