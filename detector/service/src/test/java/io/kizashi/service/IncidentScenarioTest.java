package io.kizashi.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.service.config.ServiceConfig;
import io.kizashi.service.config.ServiceConfigLoader;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.simulator.IncidentKind;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.MdmCatalog;
import io.kizashi.simulator.ServiceSpec;
import io.kizashi.simulator.SimulationConfig;
import io.kizashi.simulator.load.EsLogLoader;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A simulated database-pool incident on "inventory", through the whole running service once (logs in a
 * real node, the pipeline, results, annotations, alert rules with a webhook receiver), then looked at
 * from two sides: the console in Debian's headless Chromium (one point per stored record, one marker per
 * anomalous record, a click shows the annotation's request ids; screenshot kept as
 * target/console-screenshot.png) and the alerts (delivered to the webhook, listed by the API, feedback).
 */
@WithElasticsearch
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class IncidentScenarioTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Instant START = Instant.parse("2025-03-02T15:00:00Z"); // Monday 00:00 JST
    static final Instant ONSET = START.plus(Duration.ofHours(8));
    static final Instant INC_START = ONSET.plus(Duration.ofMinutes(30));
    static final Instant INC_END = INC_START.plus(Duration.ofMinutes(20));
    static final Instant END = INC_END.plus(Duration.ofMinutes(40));

    private Vertx vertx;
    private KizashiService service;
    private ServiceConfig sc;
    private com.sun.net.httpserver.HttpServer webhook;
    private final List<String> notifications = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Path dir;

    @org.junit.jupiter.api.BeforeAll
    void runTheIncidentThroughTheService(ElasticsearchClient client, IndexPrefix prefix, URI es) throws Exception {
        dir = Files.createTempDirectory("kizashi-incident");
        String logs = prefix.index("logs-mdm-");
        List<ServiceSpec> two = MdmCatalog.services().stream().filter(s -> List.of("inventory", "device-gateway").contains(s.name())).toList();
        SimulationConfig base = new SimulationConfig(7, START, 3.0, 0.0, SimulationConfig.TOKYO, logs, "mdm-prod", two, 100, 0, 0,
                List.of(), Duration.ofMinutes(5), 3);
        SimulationConfig cfg = base.withIncident(base.incident("inc-ui", IncidentKind.DB_POOL_SATURATION, "inventory", ONSET, INC_START, INC_END));
        new EsLogLoader(client, BulkIndexer.Options.defaults()).backfill(new LogGenerator(cfg), START, END, Duration.ofHours(1), null);

        webhook = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", ex -> {
            notifications.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        webhook.start();

        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(jobs.resolve("latency.yaml"), """
                job_id: latency
                source:
                  indices: [%s*]
                  filter: {term: {event.action: request-completed}}
                  bucket_span: 1m
                  query_delay: 0s
                  start: %s
                split:
                  by: [service.name]
                metrics:
                  - name: p95_latency
                    function: percentile
                    field: event.duration
                    percentile: 95
                """.formatted(logs, START));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("latency.yaml"), """
                name: inventory-latency-high
                match: {job: latency, metric: p95_latency, splits: {service.name: inventory}}
                condition: {score: {min: 40, direction: high}}
                keep_firing_for: 3h
                severity: critical
                """);
        Map<String, String> env = new HashMap<>();
        env.put("KIZASHI_ELASTICSEARCH_URLS", es.toString());
        env.put("KIZASHI_JOBS_DIR", jobs.toString());
        env.put("KIZASHI_RULES_DIR", rules.toString());
        env.put("KIZASHI_ALERTING_WEBHOOK_URLS", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
        env.put("KIZASHI_HTTP_PORT", "0");
        env.put("KIZASHI_HTTP_TOKEN", "t0ken");
        env.put("KIZASHI_INDICES_PREFIX", prefix.value() + "k-");
        env.put("KIZASHI_TICK", "100ms");
        env.put("KIZASHI_KIBANA_URL", "http://kibana.example:5601");
        sc = new ServiceConfigLoader(env::get, dir).load(null);
        vertx = Vertx.vertx();
        service = KizashiService.start(vertx, sc, Clock.fixed(END, ZoneOffset.UTC)).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        JobRuntime job = service.jobs().getFirst();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!(END.equals(job.datafeed().status().checkpoint()) && !job.busy())) {
            assertThat(System.nanoTime()).as("backfill finished in time").isLessThan(deadline);
            Thread.sleep(200);
        }
        client.indices().refresh(r -> r.index(prefix.pattern()));
    }

    @org.junit.jupiter.api.AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    void theIncidentFiresOneAlertDeliveredToTheWebhookAndFeedbackIsAccepted() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (notifications.stream().noneMatch(n -> n.contains("\"status\":\"firing\"")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<String> firing = notifications.stream().filter(n -> n.contains("inventory-latency-high") && n.contains("\"status\":\"firing\"")).toList();
        assertThat(firing).as("firing notifications at the webhook: %s", notifications).hasSize(1);
        assertThat(firing.getFirst()).contains("\"service_name\":\"inventory\"").contains("\"severity\":\"critical\"");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + service.httpPort();
        io.vertx.core.json.JsonObject alerts = new io.vertx.core.json.JsonObject(http.send(java.net.http.HttpRequest.newBuilder(
                URI.create(base + "/api/alerts")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertThat(alerts.getJsonArray("alerts")).hasSize(1);
        String fingerprint = alerts.getJsonArray("alerts").getJsonObject(0).getString("fingerprint");
        assertThat(alerts.getJsonArray("alerts").getJsonObject(0).getString("state")).isEqualTo("firing");
        // the simulator's ground truth: latency starts to creep at ONSET and the incident ends at INC_END; the alert
        // belongs to that episode (an alert while inventory was healthy would be a false one)
        Instant since = Instant.parse(alerts.getJsonArray("alerts").getJsonObject(0).getString("since"));
        assertThat(since).isBetween(ONSET, INC_END);
        var noToken = http.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/api/alerts/" + fingerprint + "/feedback"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        var bad = http.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/api/alerts/not-hex/feedback"))
                .header("Authorization", "Bearer t0ken").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        var ok = http.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/api/alerts/" + fingerprint + "/feedback"))
                .header("Authorization", "Bearer t0ken")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"by\":\"test\",\"note\":\"expected maintenance\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(service.alerting().falsePositives(10)).anyMatch(f -> f.fingerprint().equals(fingerprint));
    }

    @Test
    void chartShowsThePointsAndAnomaliesAndAClickRevealsRequestIds(ElasticsearchClient client) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are needed (./kizashi test installs them)");
        ChromeDriver browser = null;
        try {
            JobRuntime job = service.jobs().getFirst();
            // what the console must show: the inventory series over its default range (6 h back from the service clock)
            String seriesId = job.series(new io.kizashi.core.series.SeriesKey("latency", "p95_latency", Map.of("service.name", "inventory")).id())
                    .orElseThrow().id();
            Instant from = END.minus(Duration.ofHours(6));
            List<JsonNode> records = client.search(s -> s.index(sc.indices().prefix() + "results-*").size(1000)
                    .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("series_id").value(seriesId)))
                            .filter(f -> f.term(t -> t.field("result_type").value("record")))
                            .filter(f -> f.range(r -> r.untyped(u -> u.field("@timestamp").gte(co.elastic.clients.json.JsonData.of(from.toString())))))))
                    , JsonNode.class).hits().hits().stream().map(h -> h.source()).toList();
            long points = records.stream().filter(r -> r.has("actual")).count();
            long anomalies = records.stream().filter(r -> r.path("is_anomaly").asBoolean() && r.has("actual")).count();
            assertThat(anomalies).as("the incident produced anomalies to show").isGreaterThan(0);

            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-quic", "--window-size=1400,1000", "--user-data-dir=" + dir.resolve("chrome-profile"));
            browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get("http://127.0.0.1:" + service.httpPort() + "/console/");
            wait.until(d -> !d.findElements(By.cssSelector("#series li")).isEmpty());
            WebElement search = browser.findElement(By.id("search"));
            search.sendKeys("inventory");
            wait.until(d -> d.findElements(By.cssSelector("#series li")).size() == 1);
            browser.findElement(By.cssSelector("#series li")).click();
            // the chart says which series it shows: wait for the clicked one, not the one selected at load
            wait.until(d -> !d.findElements(By.cssSelector("#chart[data-series='" + seriesId + "'] path[data-role=actual]")).isEmpty());

            String path = browser.findElement(By.cssSelector("#chart path[data-role=actual]")).getAttribute("d");
            long drawn = path.chars().filter(c -> c == 'M' || c == 'L').count();
            assertThat(drawn).as("points drawn on the actual line").isEqualTo(points);
            List<WebElement> markers = browser.findElements(By.cssSelector("#chart circle[data-role=anomaly]"));
            assertThat(markers).as("anomaly markers").hasSize((int) anomalies);
            assertThat(browser.findElements(By.cssSelector("#chart path[data-role=forecast]"))).hasSize(1);

            WebElement marker = markers.getFirst();
            Instant clicked = Instant.parse(marker.getAttribute("data-t"));
            ((JavascriptExecutor) browser).executeScript(
                    "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", marker);
            wait.until(d -> d.findElement(By.id("detail")).isDisplayed());
            List<String> shown = new ArrayList<>();
            for (WebElement code : browser.findElements(By.cssSelector("#detail .request-ids code"))) {
                shown.add(code.getText());
            }
            // the annotation covering the clicked bucket, as stored
            JsonNode ann = client.search(s -> s.index(sc.indices().prefix() + "annotations-*").size(20)
                    .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("series_id").value(seriesId)))
                            .filter(f -> f.term(t -> t.field("event.kind").value("anomaly"))))), JsonNode.class)
                    .hits().hits().stream().map(h -> h.source())
                    .filter(a -> !Instant.parse(a.get("@timestamp").asText()).isAfter(clicked)
                            && Instant.parse(a.at("/event/end").asText()).isAfter(clicked))
                    .findFirst().orElseThrow();
            List<String> stored = new ArrayList<>();
            ann.at("/http/request/id").forEach(x -> stored.add(x.asText()));
            assertThat(stored).as("request ids stored with the annotation").isNotEmpty();
            assertThat(shown).as("request ids shown after clicking the anomaly at %s", clicked).isEqualTo(stored);
            assertThat(browser.findElement(By.cssSelector("#detail a")).getAttribute("href")).startsWith("http://kibana.example:5601/app/discover#/");

            File shot = browser.getScreenshotAs(OutputType.FILE);
            Path artefact = Path.of("target/console-screenshot.png");
            Files.createDirectories(artefact.getParent());
            Files.copy(shot.toPath(), artefact, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(artefact)).isGreaterThan(10_000);
        } finally {
            if (browser != null) {
                browser.quit();
            }
        }
    }
}
