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
 * The console in Debian's headless Chromium against the running service with real results: a simulated
 * database-pool incident on "inventory". The chart must draw one point per stored record and one marker
 * per anomalous record; clicking an anomaly must show the request ids stored with its annotation.
 * The screenshot is kept as a test artefact (target/console-screenshot.png).
 */
@WithElasticsearch
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Instant START = Instant.parse("2025-03-02T15:00:00Z"); // Monday 00:00 JST
    static final Instant ONSET = START.plus(Duration.ofHours(8));
    static final Instant INC_START = ONSET.plus(Duration.ofMinutes(30));
    static final Instant INC_END = INC_START.plus(Duration.ofMinutes(20));
    static final Instant END = INC_END.plus(Duration.ofMinutes(40));

    @Test
    void chartShowsThePointsAndAnomaliesAndAClickRevealsRequestIds(ElasticsearchClient client, IndexPrefix prefix, URI es,
                                                                   @TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are needed (./kizashi test installs them)");
        String logs = prefix.index("logs-mdm-");
        List<ServiceSpec> two = MdmCatalog.services().stream().filter(s -> List.of("inventory", "device-gateway").contains(s.name())).toList();
        SimulationConfig base = new SimulationConfig(7, START, 3.0, 0.0, SimulationConfig.TOKYO, logs, "mdm-prod", two, 100, 0, 0,
                List.of(), Duration.ofMinutes(5), 3);
        SimulationConfig cfg = base.withIncident(base.incident("inc-ui", IncidentKind.DB_POOL_SATURATION, "inventory", ONSET, INC_START, INC_END));
        new EsLogLoader(client, BulkIndexer.Options.defaults()).backfill(new LogGenerator(cfg), START, END, Duration.ofHours(1), null);

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
        Map<String, String> env = new HashMap<>();
        env.put("KIZASHI_ELASTICSEARCH_URLS", es.toString());
        env.put("KIZASHI_JOBS_DIR", jobs.toString());
        env.put("KIZASHI_HTTP_PORT", "0");
        env.put("KIZASHI_INDICES_PREFIX", prefix.value() + "k-");
        env.put("KIZASHI_TICK", "100ms");
        env.put("KIZASHI_KIBANA_URL", "http://kibana.example:5601");
        ServiceConfig sc = new ServiceConfigLoader(env::get, dir).load(null);
        Vertx vertx = Vertx.vertx();
        KizashiService service = KizashiService.start(vertx, sc, Clock.fixed(END, ZoneOffset.UTC)).toCompletionStage()
                .toCompletableFuture().get(2, TimeUnit.MINUTES);
        ChromeDriver browser = null;
        try {
            JobRuntime job = service.jobs().getFirst();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (!(END.equals(job.datafeed().status().checkpoint()) && !job.busy())) {
                assertThat(System.nanoTime()).as("backfill finished in time").isLessThan(deadline);
                Thread.sleep(200);
            }
            client.indices().refresh(r -> r.index(prefix.pattern()));
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
            service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
