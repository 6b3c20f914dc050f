package io.kizashi.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.EsClients;
import io.kizashi.elasticsearch.EsConnectionConfig;
import io.kizashi.es.embedded.EmbeddedElasticsearch;
import io.kizashi.es.embedded.EmbeddedElasticsearchException;
import io.kizashi.service.KizashiService;
import io.kizashi.service.ServiceClock;
import io.kizashi.service.config.ServiceConfig;
import io.kizashi.service.config.ServiceConfigLoader;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.simulator.Incident;
import io.kizashi.simulator.IncidentKind;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.SimulationConfig;
import io.kizashi.simulator.load.EsLogLoader;
import io.kizashi.simulator.load.GroundTruthExport;
import io.kizashi.simulator.load.LiveStreamer;
import io.kizashi.simulator.load.LoadReport;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code kizashi demo}: the whole thing on an embedded default. A real Elasticsearch node starts in a
 * child JVM (data kept under the work folder, so a second run reuses it), two days of simulated MDM
 * platform logs are loaded on the first run, then logs keep streaming on an accelerated clock while the
 * service pulls, scores, writes results and annotations and serves its console. A scripted incident
 * (database pool saturation, with its precursor) starts shortly after the live part begins.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs Kizashi end to end on an embedded Elasticsearch with simulated platform logs, then stops by itself.")
final class DemoCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "10m",
            description = "How long to run in wall-clock time (e.g. 90s, 10m, 2h). Default: ${DEFAULT-VALUE}.")
    String duration;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the simulated platform. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--speed", paramLabel = "X", defaultValue = "60",
            description = "Accelerated clock for the live part: simulated seconds per real second. Default: ${DEFAULT-VALUE}.")
    double speed;
    @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "HTTP port of the service and console. Default: ${DEFAULT-VALUE}.")
    int port;
    @Option(names = "--es-port", paramLabel = "P", defaultValue = "9200", description = "HTTP port of the embedded Elasticsearch (0 = any free). Default: ${DEFAULT-VALUE}.")
    int esPort;
    @Option(names = "--days", paramLabel = "N", defaultValue = "2", description = "Days of history loaded on the first run. Default: ${DEFAULT-VALUE}.")
    int days;
    @Option(names = "--rate", paramLabel = "R", defaultValue = "1.0", description = "Platform-wide requests/s at the weekday peak. Default: ${DEFAULT-VALUE}.")
    double rate;
    @Option(names = "--work", paramLabel = "DIR", description = "Work folder (Elasticsearch data, demo state). Default: <repo>/work/demo.")
    Path work;
    @Option(names = "--fresh", description = "Delete the demo's data first and start over.")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Duration runFor = parseDuration(duration);
        validate();
        Path dir = work != null ? work : Path.of(System.getProperty("kizashi.home", ".")).resolve("work/demo");
        if (fresh) {
            deleteTree(dir);
        }
        Files.createDirectories(dir);
        Path stateFile = dir.resolve("demo-state.json");
        JsonNode previous = Files.exists(stateFile) ? JSON.readTree(stateFile.toFile()) : null;

        say(out, "starting Elasticsearch (data in %s) ...", dir.resolve("es"));
        EmbeddedElasticsearch es;
        try {
            es = EmbeddedElasticsearch.builder().dataDir(dir.resolve("es")).httpPort(esPort).heap("1g")
                    .aotCacheDir(EmbeddedElasticsearch.defaultAotCacheDir()).start();
        } catch (EmbeddedElasticsearchException e) {
            throw new UserError("Elasticsearch did not start: " + e.reason(), e);
        }
        say(out, "Elasticsearch %s is up in %.1f s", es.httpUri(), es.startupTime().toMillis() / 1000.0);
        Vertx vertx = null;
        KizashiService service = null;
        AtomicBoolean stopStream = new AtomicBoolean();
        Thread streamer = null;
        LiveStreamer live = null;
        try (ElasticsearchClient client = EsClients.create(EsConnectionConfig.of(es.httpUri().toString()))) {
            Instant wallNow = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            Instant lastSim = previous == null ? null : Instant.parse(previous.get("sim_now").asText());
            Instant simStart = lastSim != null && lastSim.isAfter(wallNow) ? lastSim.truncatedTo(ChronoUnit.MINUTES) : wallNow;
            Instant historyStart = previous == null ? simStart.minus(Duration.ofDays(days)) : Instant.parse(previous.get("history_start").asText());
            long seedUsed = previous == null ? seed : previous.get("seed").asLong();
            if (previous != null && seedUsed != seed) {
                say(out, "note: this work folder was made with seed %d; keeping it (use --fresh for seed %d)", seedUsed, seed);
            }
            SimulationConfig base = SimulationConfig.defaults(seedUsed, historyStart).withPeakRequestsPerSecond(rate);
            Incident scripted = base.incident("demo-" + simStart.getEpochSecond(), IncidentKind.DB_POOL_SATURATION, "inventory",
                    simStart.plus(Duration.ofMinutes(10)), simStart.plus(Duration.ofMinutes(30)), simStart.plus(Duration.ofMinutes(50)));
            SimulationConfig cfg = base.withIncident(scripted);
            LogGenerator generator = new LogGenerator(cfg);
            EsLogLoader loader = new EsLogLoader(client, BulkIndexer.Options.defaults());

            Instant loadFrom = previous == null ? historyStart : lastSim;
            if (loadFrom.isBefore(simStart)) {
                say(out, "loading simulated logs %s .. %s (seed %d, %.1f req/s at peak) ...", loadFrom, simStart, seedUsed, rate);
                long t0 = System.nanoTime();
                LoadReport report = loader.backfill(generator, loadFrom, simStart, Duration.ofHours(1), null);
                double secs = (System.nanoTime() - t0) / 1e9;
                say(out, "loaded %,d documents in %.1f s (%,.0f docs/s)", report.documents(), secs, report.documents() / secs);
            } else {
                say(out, "reusing the logs already loaded (up to %s)", lastSim);
            }
            GroundTruthExport.indexIncidents(client, GroundTruthExport.DEFAULT_INCIDENT_INDEX, generator, historyStart,
                    simStart.plus(runFor.multipliedBy((long) Math.ceil(speed))));
            GroundTruthExport.writeFile(dir.resolve("ground-truth.json"), generator, historyStart, simStart.plus(Duration.ofDays(1)));
            writeState(stateFile, seedUsed, historyStart, simStart);

            Clock clock = ServiceClock.of(Clock.systemUTC(), simStart, speed);
            live = new LiveStreamer(generator, clock::instant, docs -> loader.write(docs), simStart, Duration.ofSeconds(1));
            LiveStreamer liveRef = live;
            streamer = Thread.ofPlatform().daemon().name("kizashi-demo-stream").start(() -> liveRef.run(stopStream::get));

            Path repo = Path.of(System.getProperty("kizashi.home", "."));
            Map<String, String> env = new HashMap<>();
            env.put("KIZASHI_ELASTICSEARCH_URLS", es.httpUri().toString());
            env.put("KIZASHI_JOBS_DIR", repo.resolve("deploy/config/jobs").toString());
            env.put("KIZASHI_HTTP_PORT", Integer.toString(port));
            env.put("KIZASHI_RULES_DIR", repo.resolve("alert-rules").toString());
            env.put("KIZASHI_MODELS_DIR", repo.resolve("models").toString());
            ServiceConfig serviceConfig = new ServiceConfigLoader(env::get, repo).load(null);
            vertx = Vertx.vertx();
            service = KizashiService.start(vertx, serviceConfig, clock).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
            String console = "http://127.0.0.1:" + service.httpPort() + "/console/";
            say(out, "");
            say(out, "  Elasticsearch  %s   (logs: logs-mdm-*, results: kizashi-results-*, annotations: kizashi-annotations-*)", es.httpUri());
            say(out, "  Console        %s", console);
            say(out, "  API            http://127.0.0.1:%d/api/jobs     metrics: http://127.0.0.1:%d/metrics", service.httpPort(), service.httpPort());
            say(out, "  Clock          simulated %s, x%.0f; incident %s on inventory: precursor %s, start %s",
                    simStart, speed, scripted.id(), scripted.precursorOnset(), scripted.start());
            say(out, "  Stops by itself after %s (Ctrl-C stops earlier)", duration);
            say(out, "");
            watch(out, service, clock, runFor, started);
        } finally {
            stopStream.set(true);
            if (service != null) {
                service.stop().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            if (streamer != null) {
                streamer.join(10_000);
            }
            if (live != null) {
                JsonNode prev = JSON.readTree(stateFile.toFile());
                writeState(stateFile, prev.get("seed").asLong(), Instant.parse(prev.get("history_start").asText()), live.cursor());
            }
            es.close();
            say(out, "stopped after %.0f s", (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }

    /** Prints progress until the duration is over; reports when the first scored buckets arrived. */
    private void watch(PrintWriter out, KizashiService service, Clock clock, Duration runFor, long started) throws InterruptedException {
        long end = System.nanoTime() + runFor.toNanos();
        boolean first = false;
        long lastReport = 0;
        java.util.Set<String> announced = new java.util.HashSet<>();
        while (System.nanoTime() < end) {
            if (service.alerting() != null) {
                for (var a : service.alerting().firing()) {
                    if (announced.add(a.fingerprint() + "@" + a.firedAt())) {
                        say(out, "[%s simulated] ALERT %s firing %s%s", clock.instant().truncatedTo(ChronoUnit.SECONDS), a.rule(),
                                a.labels().getOrDefault("severity", ""), a.labels().entrySet().stream()
                                        .filter(e -> !e.getKey().equals("alertname") && !e.getKey().equals("severity"))
                                        .map(e -> " " + e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining()));
                    }
                }
            }
            long buckets = 0;
            long anomalous = 0;
            StringBuilder states = new StringBuilder();
            for (JobRuntime j : service.jobs()) {
                var st = j.datafeed().status();
                buckets += st.bucketsEmitted();
                anomalous += j.latest().values().stream().filter(JobRuntime.Latest::anomalous).count();
                states.append(' ').append(j.id()).append('=').append(st.state().name().toLowerCase(Locale.ROOT));
                if (st.progress() != null && !st.progress().caughtUp()) {
                    states.append(String.format(Locale.ROOT, "(%.0f%%)", 100 * st.progress().fraction()));
                }
            }
            if (!first && buckets > 0) {
                first = true;
                say(out, "first scored buckets %.0f s after the command started", (System.nanoTime() - started) / 1e9);
            }
            if (System.nanoTime() - lastReport > 30_000_000_000L) {
                lastReport = System.nanoTime();
                say(out, "[%s simulated] buckets %,d, series anomalous now %d,%s", clock.instant().truncatedTo(ChronoUnit.SECONDS),
                        buckets, anomalous, states);
            }
            Thread.sleep(500);
        }
    }

    private void validate() {
        if (!(speed > 0) || speed > 10_000) {
            throw new UserError("--speed " + speed + " is out of range; use 1 (real time) to 10000");
        }
        if (port < 0 || port > 65535) {
            throw new UserError("--port " + port + " is not a TCP port; use 0..65535 (0 = any free port)");
        }
        if (esPort < 0 || esPort > 65535) {
            throw new UserError("--es-port " + esPort + " is not a TCP port; use 0..65535");
        }
        if (days < 1 || days > 30) {
            throw new UserError("--days " + days + " is out of range; use 1..30 (history loaded on the first run)");
        }
        if (!(rate > 0) || rate > 100) {
            throw new UserError("--rate " + rate + " is out of range; use a peak of (0, 100] requests per second");
        }
    }

    static Duration parseDuration(String s) {
        return io.kizashi.datafeed.job.Durations.parse(s).filter(d -> !d.isZero())
                .orElseThrow(() -> new UserError("--duration '" + s + "' is not a duration; write e.g. 90s, 10m or 2h"));
    }

    private static void writeState(Path file, long seed, Instant historyStart, Instant simNow) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("seed", seed);
        n.put("history_start", historyStart.toString());
        n.put("sim_now", simNow.toString());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), n);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void say(PrintWriter out, String fmt, Object... args) {
        out.println(args.length == 0 ? fmt : String.format(Locale.ROOT, fmt, args));
        out.flush();
    }
}
