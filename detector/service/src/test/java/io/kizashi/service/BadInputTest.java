package io.kizashi.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.JsonNode;
import io.kizashi.alerting.rules.AlertRules;
import io.kizashi.alerting.rules.RuleFile;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.config.ConfigError;
import io.kizashi.datafeed.job.JobConfigException;
import io.kizashi.datafeed.job.Jobs;
import io.kizashi.service.config.ServiceConfigException;
import io.kizashi.service.config.ServiceConfigLoader;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.service.scoring.ModelStore;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input of every kind, bounded in count and time (seeded; the seed is printed): malformed service
 * configurations, job files and rule files (hand-picked cases, then random mutations of the shipped
 * examples: the loaders list problems and never fail otherwise); a corrupt model state; garbage values in
 * the logs (absurd magnitudes, malformed and missing fields) that the core must reject or mark missing
 * while the job and another job keep running; API requests with bad parameters, wrong types and huge
 * bodies, answered 4xx with a message naming the problem; a broken rule file on reload. The service stays
 * up throughout.
 */
@WithElasticsearch
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    static final long SEED = 20_261_124L;
    static final int MUTATIONS = 200;
    static final Path REPO = Path.of(System.getProperty("kizashi.repo.root", "../.."));
    static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
    static final Instant END = START.plus(Duration.ofMinutes(60));

    private final Vertx vertx = Vertx.vertx();
    private KizashiService service;
    private String base;
    private Path dir;
    private String prefix;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startWithGarbageInTheLogsAndACorruptModelState(ElasticsearchClient client, IndexPrefix p, URI es) throws Exception {
        System.out.println("BadInputTest seed " + SEED);
        prefix = p.value();
        dir = Files.createTempDirectory("kizashi-bad-input");
        String logs = p.index("garbage-logs");
        client.indices().create(c -> c.index(logs).settings(s -> s.numberOfReplicas("0")).withJson(new StringReader("""
                {"mappings": {"properties": {"@timestamp": {"type": "date"}, "service": {"type": "keyword"},
                  "value": {"type": "double", "ignore_malformed": true}}}}""")));
        List<BulkOperation> ops = new ArrayList<>();
        Random r = new Random(SEED);
        for (int m = 0; m < 60; m++) {
            Instant t = START.plus(Duration.ofMinutes(m)).plusSeconds(10);
            for (String svc : List.of("good", "bad")) {
                Map<String, Object> doc = new HashMap<>();
                doc.put("@timestamp", t.toString());
                doc.put("service", svc);
                Object v = 100 + r.nextGaussian() * 5;
                if (svc.equals("bad")) {
                    v = switch (m) {
                        case 40 -> 1e300;        // absurd: rejected
                        case 41 -> -1e300;       // absurd: rejected
                        case 42 -> "garbage";   // malformed: the field is ignored, the bucket has no value
                        case 43 -> null;        // missing field
                        case 44 -> -5.0;        // negative: a gauge may be negative
                        default -> v;
                    };
                }
                if (v != null) {
                    doc.put("value", v);
                }
                ops.add(BulkOperation.of(o -> o.index(i -> i.index(logs).document(doc))));
            }
        }
        assertThat(client.bulk(b -> b.operations(ops).refresh(Refresh.True)).errors()).isFalse();
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(jobs.resolve("garbage.yaml"), """
                job_id: garbage
                source: {indices: [%s], bucket_span: 1m, query_delay: 0s, start: %s}
                split: {by: [service]}
                metrics: [{name: mean_value, function: mean, field: value}]
                """.formatted(logs, START));
        Files.writeString(jobs.resolve("other.yaml"), """
                job_id: other
                source: {indices: [%s], bucket_span: 1m, query_delay: 0s, start: %s}
                metrics: [{name: docs, function: count}]
                """.formatted(logs, START));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("good.yaml"), """
                name: garbage-high
                match: {job: garbage}
                condition: {score: {min: 60}}
                """);
        // a model state that cannot be read: the series must start learning again, not stop the job
        ModelStore models = new ModelStore(client, prefix + "models");
        models.install();
        models.save(List.of(models.document(new SeriesKey("garbage", "mean_value", Map.of("service", "good")),
                START.plus(Duration.ofMinutes(5)), new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, START)), io.kizashi.elasticsearch.BulkIndexer.Options.defaults());

        Map<String, String> env = new HashMap<>();
        env.put("KIZASHI_ELASTICSEARCH_URLS", es.toString());
        env.put("KIZASHI_JOBS_DIR", jobs.toString());
        env.put("KIZASHI_RULES_DIR", rules.toString());
        env.put("KIZASHI_HTTP_PORT", "0");
        env.put("KIZASHI_HTTP_TOKEN", "t0ken");
        env.put("KIZASHI_INDICES_PREFIX", prefix);
        env.put("KIZASHI_TICK", "100ms");
        service = KizashiService.start(vertx, new ServiceConfigLoader(env::get, dir).load(null), Clock.fixed(END.plusSeconds(30), ZoneOffset.UTC))
                .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        base = "http://127.0.0.1:" + service.httpPort();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!service.jobs().stream().allMatch(j -> END.equals(j.datafeed().status().checkpoint()) && !j.busy())) {
            assertThat(System.nanoTime()).as("both jobs caught up").isLessThan(deadline);
            Thread.sleep(200);
        }
        client.indices().refresh(x -> x.index(prefix + "*"));
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void garbageValuesAreRejectedOrMissingAndBothJobsKeepRunning(ElasticsearchClient client) throws Exception {
        Map<Integer, JsonNode> bad = records(client, "bad");
        Map<Integer, JsonNode> good = records(client, "good");
        assertThat(good).hasSize(60);
        // every bucket but the two absurd ones has its record; those the core rejects (status rejected, reason
        // absurd_magnitude), and the results writer does not store rejected buckets (ResultsWriter skips them)
        for (int m = 0; m < 60; m++) {
            if (m == 40 || m == 41) {
                JsonNode r = bad.get(m);
                assertThat(r == null || r.path("status").asText().equals("rejected")).as("bucket %d: %s", m, r).isTrue();
            } else {
                assertThat(bad).as("record of bucket %d", m).containsKey(m);
            }
        }
        assertThat(bad.values()).noneMatch(d -> Math.abs(d.path("actual").asDouble(0)) > 1e15);
        // the model did not learn the garbage: its expectation after it stays where the data is
        for (int m = 45; m < 60; m++) {
            assertThat(bad.get(m).path("expected").asDouble()).as("expected at bucket %d", m).isBetween(80.0, 120.0);
        }
        assertThat(bad.get(42).path("status").asText()).isEqualTo("missing");
        assertThat(bad.get(43).path("status").asText()).isEqualTo("missing");
        assertThat(bad.get(44).path("status").asText()).isIn("scored", "learning");
        assertThat(bad.get(44).path("actual").asDouble()).isEqualTo(-5.0);
        // the series after the garbage is still judged
        assertThat(bad.get(59).path("status").asText()).isIn("scored", "learning");
        assertThat(good.values()).noneMatch(d -> d.path("status").asText().equals("rejected"));
        // the corrupt state was dropped: the series learned from the start of this run
        assertThat(service.jobs().stream().filter(j -> j.id().equals("garbage")).findFirst().orElseThrow().scorer().seriesCount()).isEqualTo(2);
        for (JobRuntime j : service.jobs()) {
            assertThat(j.datafeed().status().state().name()).as("job %s", j.id()).isNotEqualTo("FAILED");
            assertThat(j.datafeed().status().checkpoint()).isEqualTo(END);
        }
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void badApiRequestsAreAnswered4xxWithAClearMessageAndTheServiceStaysUp() throws Exception {
        String series = new SeriesKey("garbage", "mean_value", Map.of("service", "good")).id();
        record Case(String method, String path, String body, int status, String mentions) {
        }
        List<Case> cases = List.of(
                new Case("GET", "/api/series", null, 400, "job"),
                new Case("GET", "/api/series?job=nope", null, 404, "nope"),
                new Case("GET", "/api/series?job=garbage&limit=abc", null, 400, "limit"),
                new Case("GET", "/api/series?job=garbage&limit=-1", null, 400, "limit"),
                new Case("GET", "/api/series?job=garbage&limit=99999999999999", null, 400, "limit"),
                new Case("GET", "/api/results?job=garbage", null, 400, "series_id"),
                new Case("GET", "/api/results?job=garbage&series_id=" + series + "&from=yesterday", null, 400, "from/to"),
                new Case("GET", "/api/results?job=garbage&series_id=" + series + "&from=2025-03-03T01:00:00Z&to=2025-03-03T00:00:00Z", null, 400, "before"),
                new Case("GET", "/api/results?job=garbage&series_id=" + series + "&from=2000-01-01T00:00:00Z&to=2025-03-03T00:00:00Z", null, 400, "buckets"),
                new Case("GET", "/api/results?job=garbage&series_id=" + series + "&range=1e9", null, 400, "range"),
                new Case("GET", "/api/forecast?job=garbage&series_id=" + series + "&horizon=0", null, 400, "horizon"),
                new Case("GET", "/api/forecast?job=garbage&series_id=" + series + "&limit=NaNx", null, 400, "limit"),
                new Case("GET", "/api/jobs/%00%ff", null, 404, "job"),
                new Case("GET", "/api/nothing-here", null, 404, "no such endpoint"),
                new Case("DELETE", "/api/jobs", null, 404, "no such endpoint"),
                new Case("POST", "/api/reload", "", 401, "token"),
                new Case("POST", "/api/alerts/0123456789abcdef/feedback", "[1,2,3]", 400, "JSON object"),
                // wrong types are read as text (lenient), and the unknown fingerprint is then the problem
                new Case("POST", "/api/alerts/0123456789abcdef/feedback", "{\"by\": 42, \"note\": {\"x\": 1}}", 404, "no firing alert"),
                new Case("POST", "/api/alerts/0123456789abcdef/feedback", "{\"by\": \"" + "x".repeat(500) + "\"}", 400, "too long"),
                new Case("POST", "/api/alerts/not-hex/feedback", "{}", 400, "fingerprint"),
                new Case("POST", "/api/alerts/0123456789abcdef/feedback", "{\"by\": \"" + "y".repeat(200_000) + "\"}", 413, ""));
        for (Case c : cases) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + c.path())).timeout(Duration.ofSeconds(30));
            if (c.path().startsWith("/api/alerts")) {
                b.header("Authorization", "Bearer t0ken");
            }
            b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("%s %s -> %s", c.method(), c.path().substring(0, Math.min(120, c.path().length())), r.body())
                    .isEqualTo(c.status());
            if (c.status() != 413) {
                JsonObject body = new JsonObject(r.body());
                assertThat(body.getString("error")).as("message of %s %s", c.method(), c.path()).isNotBlank().containsIgnoringCase(c.mentions());
            }
        }
        // random garbage in the parameters of every read endpoint: never a 5xx, always a JSON answer
        Random rnd = new Random(SEED);
        String[] endpoints = {"/api/series", "/api/results", "/api/annotations", "/api/forecast", "/api/alerts", "/api/jobs"};
        String[] params = {"job", "series_id", "from", "to", "range", "limit", "horizon", "q", "forecast"};
        for (int i = 0; i < MUTATIONS; i++) {
            StringBuilder q = new StringBuilder(endpoints[rnd.nextInt(endpoints.length)]).append('?');
            for (int k = rnd.nextInt(5); k >= 0; k--) {
                String value = rnd.nextInt(3) == 0 ? (rnd.nextBoolean() ? "garbage" : series) : garbage(rnd, rnd.nextInt(40));
                q.append(params[rnd.nextInt(params.length)]).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + q)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("GET %s -> %s", q, r.body()).isLessThan(500);
            assertThat(new JsonObject(r.body())).isNotNull();
        }
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aBrokenRuleFileOnReloadKeepsTheGoodRulesRunning() throws Exception {
        Files.writeString(dir.resolve("rules/broken.yaml"), "name: [unclosed\ncondition: {score: {min: 'high'}}\n");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/reload")).header("Authorization", "Bearer t0ken")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getInteger("rules")).isEqualTo(1);
        assertThat(body.getJsonArray("rule_errors").encode()).contains("broken.yaml");
        assertThat(service.alerting().rules().rules()).extracting(x -> x.name()).containsExactly("garbage-high");
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedServiceConfigurationsAreRefusedWithEveryProblemNamed() throws Exception {
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("http: {port: 99999}", List.of("http.port"));
        cases.put("http: {port: eighty}\nindices: {prefix: UPPER_case}", List.of("http.port", "indices.prefix"));
        cases.put("cluster: {enabled: maybe}", List.of("cluster.enabled"));
        cases.put("cluster: {enabled: true, members: ['bad host!'], port: 0, failure_timeout: 1ms}",
                List.of("cluster.members", "cluster.port", "cluster.failure_timeout"));
        cases.put("elasticsearch: {urls: [ftp://x]}", List.of("elasticsearch.urls"));
        cases.put("elasticsearch: {username: bob}", List.of("elasticsearch.username"));
        cases.put("tick: -5s", List.of("tick"));
        cases.put("clock: {speed: 0, start: yesterday}", List.of("clock.speed", "clock.start"));
        cases.put("no_such_section: 1", List.of("no_such_section"));
        cases.put("http: 8080", List.of("http"));
        cases.put("[1, 2, 3]", List.of("mapping"));
        cases.put("http: {port: 8080", List.of(""));
        cases.put("jobs_dir: /no/such/folder", List.of("jobs_dir"));
        int n = 0;
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            Path f = Files.writeString(dir.resolve("bad-" + n++ + ".yaml"), c.getKey());
            assertThatThrownBy(() -> new ServiceConfigLoader(Map.<String, String>of()::get, dir).load(f)).as(c.getKey())
                    .isInstanceOf(ServiceConfigException.class)
                    .satisfies(e -> {
                        for (String path : c.getValue()) {
                            assertThat(e.getMessage()).as("problems of %s", c.getKey()).contains(path);
                        }
                    });
        }
        // random mutations of the shipped example: a configuration or a listed problem, never anything else
        String example = Files.readString(REPO.resolve("deploy/config/kizashi.yaml"));
        Random rnd = new Random(SEED);
        int refused = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            String text = mutate(example, rnd);
            Path f = Files.writeString(dir.resolve("mutated.yaml"), text);
            try {
                new ServiceConfigLoader(Map.of("KIZASHI_ES_API_KEY", "k", "KIZASHI_HTTP_TOKEN", "t")::get, dir).load(f);
            } catch (ServiceConfigException e) {
                refused++;
                assertThat(e.errors()).isNotEmpty().allMatch(x -> x.message() != null && !x.message().isBlank());
            } catch (RuntimeException e) {
                throw new AssertionError("the loader failed with " + e + " instead of listing problems, on:\n" + text, e);
            }
        }
        assertThat(refused).as("mutations refused (the example's folders do not exist here, so all are)").isEqualTo(MUTATIONS);
    }

    @Test
    void malformedJobAndRuleFilesAreListedNeverThrownAndABadJobFileStopsTheStart(URI es) throws Exception {
        Random rnd = new Random(SEED + 1);
        List<Path> jobFiles;
        try (var s = Files.list(REPO.resolve("deploy/config/jobs"))) {
            jobFiles = s.sorted().toList();
        }
        for (int i = 0; i < MUTATIONS; i++) {
            String text = mutate(Files.readString(jobFiles.get(i % jobFiles.size())), rnd);
            try {
                List<ConfigError> errors = Jobs.validate(text, "mutated.yaml");
                assertThat(errors).allMatch(e -> e.message() != null && !e.message().isBlank());
            } catch (RuntimeException e) {
                throw new AssertionError("job validation failed with " + e + " on:\n" + text, e);
            }
        }
        List<Path> ruleFiles;
        try (var s = Files.list(REPO.resolve("alert-rules"))) {
            ruleFiles = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (int i = 0; i < MUTATIONS; i++) {
            String text = mutate(Files.readString(ruleFiles.get(i % ruleFiles.size())), rnd);
            try {
                RuleFile f = AlertRules.parse(text, "mutated.yaml");
                assertThat(f.errors()).allMatch(e -> e.message() != null && !e.message().isBlank());
            } catch (RuntimeException e) {
                throw new AssertionError("rule parsing failed with " + e + " on:\n" + text, e);
            }
        }
        // a job file with problems: the service does not start, and says which file, where and what
        Path jobs = Files.createDirectories(dir.resolve("bad-jobs"));
        Files.writeString(jobs.resolve("ok.yaml"), "job_id: ok\nsource: {indices: [x], bucket_span: 1m}\nmetrics: [{name: n, function: count}]\n");
        Files.writeString(jobs.resolve("broken.yaml"), "job_id: broken\nsource: {indices: [x], bucket_span: 7q}\nmetrics: [{name: n, function: median}]\n");
        Map<String, String> env = Map.of("KIZASHI_ELASTICSEARCH_URLS", es.toString(), "KIZASHI_JOBS_DIR", jobs.toString(),
                "KIZASHI_HTTP_PORT", "0", "KIZASHI_INDICES_PREFIX", prefix + "bad-");
        assertThatThrownBy(() -> KizashiService.start(vertx, new ServiceConfigLoader(env::get, dir).load(null), Clock.systemUTC())
                .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(JobConfigException.class)
                .hasMessageContaining("broken.yaml").hasMessageContaining("bucket_span").hasMessageContaining("function");
    }

    // ------------------------------------------------------------------ helpers

    private Map<Integer, JsonNode> records(ElasticsearchClient client, String svc) throws Exception {
        String id = new SeriesKey("garbage", "mean_value", Map.of("service", svc)).id();
        Map<Integer, JsonNode> out = new HashMap<>();
        for (var h : client.search(s -> s.index(prefix + "results-*").size(1000)
                .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("series_id").value(id)))
                        .filter(f -> f.term(t -> t.field("result_type").value("record"))))), JsonNode.class).hits().hits()) {
            Instant t = Instant.parse(h.source().get("@timestamp").asText());
            assertThat(out.put((int) Duration.between(START, t).toMinutes(), h.source())).as("one record per bucket").isNull();
        }
        return out;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String GARBAGE = ":{}[]-#&*!|>'\"\t\n ,?%@`~\\0123456789abcXYZ.eE+";

    static String garbage(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(r.nextInt(20) == 0 ? (char) (0x80 + r.nextInt(0x700)) : GARBAGE.charAt(r.nextInt(GARBAGE.length())));
        }
        return b.toString();
    }

    /** One to three random edits: delete a span, insert garbage, duplicate or drop a line, swap two lines, replace a value. */
    static String mutate(String text, Random r) {
        String s = text;
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
            List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
            int at = r.nextInt(Math.max(1, s.length()));
            switch (r.nextInt(6)) {
                case 0 -> s = s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(20)));
                case 1 -> s = s.substring(0, at) + garbage(r, 1 + r.nextInt(12)) + s.substring(at);
                case 2 -> {
                    int i = r.nextInt(lines.size());
                    lines.add(i, lines.get(i));
                    s = String.join("\n", lines);
                }
                case 3 -> {
                    lines.remove(r.nextInt(lines.size()));
                    s = String.join("\n", lines);
                }
                case 4 -> {
                    int i = r.nextInt(lines.size());
                    int j = r.nextInt(lines.size());
                    String x = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, x);
                    s = String.join("\n", lines);
                }
                default -> {
                    int i = r.nextInt(lines.size());
                    String l = lines.get(i);
                    int colon = l.indexOf(':');
                    if (colon > 0) {
                        String[] values = {"", "-1", "0", "1e309", "NaN", "null", "[]", "{}", "yes", "99999999999999999999", garbage(r, 8)};
                        lines.set(i, l.substring(0, colon + 1) + " " + values[r.nextInt(values.length)]);
                    }
                    s = String.join("\n", lines);
                }
            }
        }
        return s;
    }
}
