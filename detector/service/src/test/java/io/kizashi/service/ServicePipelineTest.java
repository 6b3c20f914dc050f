package io.kizashi.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.ResultStatus;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.Datafeed;
import io.kizashi.datafeed.DatafeedOptions;
import io.kizashi.datafeed.SeriesBuckets;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.Jobs;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.precursor.PrecursorScorer;
import io.kizashi.precursor.features.FeatureSchema;
import io.kizashi.precursor.model.ModelBundle;
import io.kizashi.service.scoring.SeriesScorer;
import io.kizashi.service.config.ServiceConfig;
import io.kizashi.service.config.ServiceConfigLoader;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.service.scoring.ModelStore;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.MdmCatalog;
import io.kizashi.simulator.ServiceSpec;
import io.kizashi.simulator.SimulationConfig;
import io.kizashi.simulator.load.EsLogLoader;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on a real node: simulated logs of three services, a job with three metrics split by
 * service, the Vert.x service running its stages; then the results, the API and the metrics are checked
 * against what must be there, and an interrupted run is compared with an uninterrupted one.
 */
@WithElasticsearch
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServicePipelineTest {

    static final Instant START = Instant.parse("2025-03-03T00:00:00Z"); // Monday 09:00 JST
    static final Instant END = START.plus(Duration.ofHours(3));
    static final List<String> SERVICES = List.of("device-gateway", "command-queue", "auth");
    static final Path REPO = Path.of(System.getProperty("kizashi.repo.root", "../.."));

    private String logsPrefix;
    private Vertx vertx;

    @BeforeAll
    void loadLogs(ElasticsearchClient client, IndexPrefix prefix) {
        logsPrefix = prefix.index("logs-mdm-");
        List<ServiceSpec> three = MdmCatalog.services().stream().filter(s -> SERVICES.contains(s.name())).toList();
        SimulationConfig cfg = new SimulationConfig(11, START, 3.0, 0.0, SimulationConfig.TOKYO, logsPrefix, "mdm-prod", three,
                50, 0, 0, List.of(), Duration.ofMinutes(5), 3);
        new EsLogLoader(client, BulkIndexer.Options.defaults()).backfill(new LogGenerator(cfg), START, END, Duration.ofHours(1), null);
        vertx = Vertx.vertx();
    }

    @AfterAll
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    Path jobs(Path dir) throws IOException {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(jobs.resolve("http.yaml"), """
                job_id: http
                source:
                  indices: [%s*]
                  filter: {term: {event.action: request-completed}}
                  bucket_span: 1m
                  query_delay: 0s
                  start: %s
                split:
                  by: [service.name]
                metrics:
                  - name: requests
                    function: count
                  - name: error_ratio
                    function: ratio
                    numerator: {range: {http.response.status_code: {gte: 500}}}
                  - name: p95_latency
                    function: percentile
                    field: event.duration
                    percentile: 95
                """.formatted(logsPrefix, START));
        return jobs;
    }

    ServiceConfig config(URI es, Path jobs, String prefix) {
        return config(es, jobs, prefix, Map.of());
    }

    ServiceConfig config(URI es, Path jobs, String prefix, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("KIZASHI_ELASTICSEARCH_URLS", es.toString());
        env.put("KIZASHI_JOBS_DIR", jobs.toString());
        env.put("KIZASHI_HTTP_PORT", "0");
        env.put("KIZASHI_INDICES_PREFIX", prefix);
        env.put("KIZASHI_TICK", "100ms");
        env.put("KIZASHI_HTTP_TOKEN", "s3cret");
        return new ServiceConfigLoader(env::get, jobs).load(null);
    }

    static KizashiService start(Vertx vertx, ServiceConfig cfg, Instant now) throws Exception {
        return KizashiService.start(vertx, cfg, Clock.fixed(now, ZoneOffset.UTC)).toCompletionStage().toCompletableFuture()
                .get(120, TimeUnit.SECONDS);
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    static boolean caughtUp(KizashiService s, Instant until) {
        JobRuntime j = s.jobs().getFirst();
        return until.equals(j.datafeed().status().checkpoint()) && !j.busy();
    }

    @Test
    void everyBucketOfEverySeriesIsScoredOnceAndServedByTheApi(ElasticsearchClient client, IndexPrefix prefix, URI es,
                                                                @TempDir Path dir) throws Exception {
        ServiceConfig cfg = config(es, jobs(dir), prefix.value());
        KizashiService s = start(vertx, cfg, END.plus(Duration.ofSeconds(30)));
        try {
            await("the backfill of 3 hours", () -> caughtUp(s, END));
            client.indices().refresh(r -> r.index(prefix.pattern()));
            long buckets = Duration.between(START, END).toMinutes();

            // exactly one record per series per bucket (3 services x 3 metrics)
            SearchResponse<Void> perSeries = client.search(q -> q.index(prefix.value() + "results-*").size(0)
                    .query(x -> x.term(t -> t.field("result_type").value("record")))
                    .aggregations("s", a -> a.terms(t -> t.field("series_id").size(100))
                            .aggregations("first", b -> b.min(m -> m.field("@timestamp"))).aggregations("last", b -> b.max(m -> m.field("@timestamp")))), Void.class);
            List<StringTermsBucket> series = perSeries.aggregations().get("s").sterms().buckets().array();
            assertThat(series).hasSize(9);
            for (StringTermsBucket b : series) {
                Instant first = Instant.ofEpochMilli(b.aggregations().get("first").min().value().longValue());
                Instant last = Instant.ofEpochMilli(b.aggregations().get("last").max().value().longValue());
                long span = Duration.between(first, last).toMinutes() + 1;
                assertThat(b.docCount()).as("records of series %s from %s to %s", b.key().stringValue(), first, last).isEqualTo(span);
                assertThat(last).isEqualTo(END.minus(Duration.ofMinutes(1)));
            }
            long total = series.stream().mapToLong(StringTermsBucket::docCount).sum();
            assertThat(total).isLessThanOrEqualTo(9 * buckets).isGreaterThan(9 * (buckets - 10));

            // the model states are saved, one per series
            assertThat(new ModelStore(client, cfg.indices().models()).load("http")).hasSize(9);

            // the API
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + s.httpPort();
            assertThat(get(http, base + "/health").getString("status")).isEqualTo("up");
            assertThat(get(http, base + "/ready").getBoolean("ready")).isTrue();
            JsonObject jobsJson = get(http, base + "/api/jobs");
            assertThat(jobsJson.getJsonArray("jobs").getJsonObject(0).getString("checkpoint")).isEqualTo(END.toString());
            JsonArray list = get(http, base + "/api/series?job=http&q=auth").getJsonArray("series");
            assertThat(list).hasSize(3);
            String id = list.getJsonObject(0).getString("series_id");
            JsonObject res = get(http, base + "/api/results?job=http&series_id=" + id + "&from=" + START + "&to=" + END + "&forecast=1");
            assertThat(res.getJsonArray("points").size()).isGreaterThan(150);
            assertThat(res.getJsonArray("forecast").size()).isEqualTo(288);
            assertThat(status(http, base + "/api/results?job=http&series_id=nope")).isEqualTo(404);
            assertThat(status(http, base + "/api/results?job=http&series_id=" + id + "&range=abc")).isEqualTo(400);
            assertThat(status(http, base + "/api/series")).isEqualTo(400);
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("kizashi_buckets_processed_total{job=\"http\"} " + (double) total)
                    .contains("kizashi_series{job=\"http\"} 9.0").contains("kizashi_anomaly_score{");
            // every cycle pulled was written once (no failures in this run)
            assertThat(sample(metrics, "kizashi_results_write_seconds_count{job=\"http\"}"))
                    .isEqualTo(sample(metrics, "kizashi_datafeed_pull_seconds_count{job=\"http\"}")).isPositive();
            // mutating endpoints need the token
            HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(base + "/api/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noToken.statusCode()).isEqualTo(401);
        } finally {
            s.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRestartInTheMiddleResumesExactlyWhereItStopped(ElasticsearchClient client, IndexPrefix prefix, URI es,
                                                         @TempDir Path dir) throws Exception {
        Path jobs = jobs(dir);
        // uninterrupted run
        ServiceConfig straight = config(es, jobs, prefix.value() + "a-");
        KizashiService a = start(vertx, straight, END.plus(Duration.ofSeconds(30)));
        await("the uninterrupted run", () -> caughtUp(a, END));
        a.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        // run stopped after 100 minutes, then restarted with the clock at the end
        ServiceConfig split = config(es, jobs, prefix.value() + "b-");
        Instant middle = START.plus(Duration.ofMinutes(100));
        KizashiService b1 = start(vertx, split, middle.plus(Duration.ofSeconds(30)));
        await("the first half", () -> caughtUp(b1, middle));
        b1.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        KizashiService b2 = start(vertx, split, END.plus(Duration.ofSeconds(30)));
        await("the second half", () -> caughtUp(b2, END));
        b2.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        client.indices().refresh(r -> r.index(prefix.pattern()));
        Map<io.kizashi.core.series.SeriesKey, ModelStore.Stored> one = new ModelStore(client, straight.indices().models()).load("http");
        Map<io.kizashi.core.series.SeriesKey, ModelStore.Stored> two = new ModelStore(client, split.indices().models()).load("http");
        assertThat(two.keySet()).isEqualTo(one.keySet());
        for (var e : one.entrySet()) {
            // results first: where the two runs diverge says more than a byte array does
            assertThat(records(client, split.indices().prefix(), e.getKey().id()))
                    .as("results of %s after a restart", e.getKey()).isEqualTo(records(client, straight.indices().prefix(), e.getKey().id()));
            assertThat(two.get(e.getKey()).state()).as("model state of %s after a restart", e.getKey()).isEqualTo(e.getValue().state());
        }
        long recordsA = client.count(c -> c.index(straight.indices().prefix() + "results-*").query(q -> q.term(t -> t.field("result_type").value("record")))).count();
        long recordsB = client.count(c -> c.index(split.indices().prefix() + "results-*").query(q -> q.term(t -> t.field("result_type").value("record")))).count();
        assertThat(recordsB).isEqualTo(recordsA);
    }

    @Test
    void precursorProbabilitiesAreThoseOfTheOfflinePipelineAndABrokenNewBundleLeavesTheLoadedOneInUse(
            ElasticsearchClient client, IndexPrefix prefix, URI es, @TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        copyTree(REPO.resolve("models/mdm-precursor/v1"), models.resolve("mdm-precursor/v1"));
        ServiceConfig cfg = config(es, jobs(dir), prefix.value() + "p-", Map.of("KIZASHI_MODELS_DIR", models.toString())); // own indices in this class
        KizashiService s = start(vertx, cfg, END.plus(Duration.ofSeconds(30)));
        try {
            await("the backfill of 3 hours", () -> caughtUp(s, END));
            client.indices().refresh(r -> r.index(prefix.pattern()));

            // The known answer: the same job pulled and scored outside the service, fed to the shipped bundle.
            JobSpec spec = Jobs.loadAll(cfg.jobsDir()).getFirst();
            JobRuntime offline = new JobRuntime(spec, Datafeed.create(spec, client, Clock.fixed(END.plus(Duration.ofSeconds(30)), ZoneOffset.UTC),
                    new DatafeedOptions(prefix.value() + "offline-state", DatafeedOptions.defaults().sleeper())));
            ModelBundle bundle = ModelBundle.load(models.resolve("mdm-precursor/v1"), FeatureSchema.metricAgnostic());
            PrecursorScorer precursors = new PrecursorScorer(bundle);
            Map<String, Double> expected = new HashMap<>();
            offline.datafeed().catchUp(batch -> {
                Map<SeriesKey, List<BucketResult>> cycle = new LinkedHashMap<>();
                for (SeriesBuckets b : batch.series()) {
                    List<SeriesScorer.Point> points = new ArrayList<>();
                    for (int i = 0; i < b.size(); i++) {
                        points.add(new SeriesScorer.Point(b.start(i), b.value(i)));
                    }
                    cycle.put(b.key(), offline.scorer().score(b.key(), points));
                }
                PrecursorScorer.Scores scores = precursors.score(cycle);
                cycle.forEach((key, results) -> {
                    double[] p = scores.forSeries(key, results);
                    for (int i = 0; i < p.length; i++) {
                        if (results.get(i).status() != ResultStatus.REJECTED) {
                            expected.put(key.id() + "@" + results.get(i).timestamp(), p[i]);
                        }
                    }
                });
            });
            assertThat(expected.values()).filteredOn(p -> !Double.isNaN(p)).hasSizeGreaterThan(expected.size() / 2);

            Map<String, com.fasterxml.jackson.databind.JsonNode> stored = new HashMap<>();
            client.search(q -> q.index(cfg.indices().prefix() + "results-*").size(10_000)
                            .query(x -> x.term(t -> t.field("result_type").value("record"))), com.fasterxml.jackson.databind.JsonNode.class)
                    .hits().hits().forEach(h -> stored.put(h.source().get("series_id").asText() + "@" + h.source().get("@timestamp").asText(),
                            h.source()));
            assertThat(stored.keySet()).isEqualTo(expected.keySet());
            double threshold = bundle.manifest().threshold();
            expected.forEach((id, p) -> {
                com.fasterxml.jackson.databind.JsonNode d = stored.get(id);
                if (Double.isNaN(p)) {
                    assertThat(d.has("precursor_probability")).as(id).isFalse();
                } else {
                    assertThat(d.get("precursor_probability").asDouble()).as(id).isEqualTo(p);
                    assertThat(d.get("precursor_model").asText()).isEqualTo("mdm-precursor/v1");
                    assertThat(d.get("precursor_alert").asBoolean()).as(id).isEqualTo(p >= threshold);
                }
            });

            // A newer version that does not verify is refused with the reason; v1 stays in use.
            Path v2 = models.resolve("mdm-precursor/v2");
            copyTree(models.resolve("mdm-precursor/v1"), v2);
            Files.write(v2.resolve(ModelBundle.MODEL), new byte[] {1, 2, 3});
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + s.httpPort();
            HttpResponse<String> reload = http.send(HttpRequest.newBuilder(URI.create(base + "/api/reload"))
                    .header("Authorization", "Bearer s3cret").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reload.statusCode()).isEqualTo(200);
            JsonObject r = new JsonObject(reload.body());
            assertThat(r.getString("precursor_model")).isEqualTo("mdm-precursor/v1");
            assertThat(r.getString("precursor_error")).contains("v2").contains(ModelBundle.MODEL);
            JsonObject inUse = get(http, base + "/api/models").getJsonObject("models");
            assertThat(inUse.getString("precursor_model")).isEqualTo("mdm-precursor/v1");
            assertThat(inUse.getString("series_model")).isEqualTo(KizashiService.MODEL_VERSION);
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(sample(metrics, "kizashi_model_info{component=\"precursor_model\",version=\"mdm-precursor/v1\"}")).isEqualTo(1.0);
        } finally {
            s.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** "time actual expected score status" per record of a series, in time order. */
    static List<String> records(ElasticsearchClient client, String prefix, String seriesId) throws IOException {
        return client.search(q -> q.index(prefix + "results-*").size(1000)
                        .query(x -> x.bool(b -> b.filter(f -> f.term(t -> t.field("series_id").value(seriesId)))
                                .filter(f -> f.term(t -> t.field("result_type").value("record")))))
                        .sort(o -> o.field(f -> f.field("@timestamp"))), com.fasterxml.jackson.databind.JsonNode.class)
                .hits().hits().stream().map(h -> h.source().get("@timestamp").asText() + " " + h.source().path("actual").asText("-")
                        + " " + h.source().path("expected").asText("-") + " " + h.source().path("score").asText("-") + " "
                        + h.source().path("status").asText()).toList();
    }

    static JsonObject get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s -> %s", url, r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The value of one sample line of a Prometheus text exposition. */
    private static double sample(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + series));
    }
}
