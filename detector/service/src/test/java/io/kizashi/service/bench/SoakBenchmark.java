package io.kizashi.service.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.service.KizashiService;
import io.kizashi.service.ServiceClock;
import io.kizashi.service.config.ServiceConfigLoader;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.MdmCatalog;
import io.kizashi.simulator.ServiceSpec;
import io.kizashi.simulator.SimulationConfig;
import io.kizashi.simulator.load.EsLogLoader;
import io.kizashi.simulator.load.LiveStreamer;
import io.kizashi.simulator.load.LoadReport;
import io.kizashi.testkit.SharedElasticsearch;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo platform under load for a fixed time: the simulated MDM platform with ten times the pods (so
 * that the shipped jobs hold over 1,000 series), some hours of history, then logs streaming on an
 * accelerated clock while the service (the shipped jobs, deploy/config/jobs) pulls, scores and writes.
 * Every 10 s it samples the service JVM's heap and CPU, Elasticsearch's CPU, the series held, the lag and
 * the cycle times (pull and scoring timers); at the end it prints the ranges. It stops by itself.
 *
 * <p>Options: {@code -Dbench.duration=10m} (wall time of the live part), {@code -Dbench.speed=30} (simulated
 * seconds per second), {@code -Dbench.history=3h}, {@code -Dbench.rate=10} (requests/s at the weekday peak),
 * {@code -Dbench.pods=10} (pod multiplier).
 */
public final class SoakBenchmark {

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration runFor = io.kizashi.datafeed.job.Durations.parse(System.getProperty("bench.duration", "10m")).orElseThrow();
        double speed = Double.parseDouble(System.getProperty("bench.speed", "30"));
        Duration history = io.kizashi.datafeed.job.Durations.parse(System.getProperty("bench.history", "3h")).orElseThrow();
        double rate = Double.parseDouble(System.getProperty("bench.rate", "10"));
        int podFactor = Integer.getInteger("bench.pods", 10);
        Path repo = Path.of(System.getProperty("kizashi.repo.root", "."));

        SharedElasticsearch shared = SharedElasticsearch.get();
        ElasticsearchClient client = shared.client();
        Instant simStart = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<ServiceSpec> services = new ArrayList<>();
        for (ServiceSpec s : MdmCatalog.services()) {
            services.add(new ServiceSpec(s.name(), s.code(), s.share(), s.profile(), s.podsAtPeak() * podFactor, s.minPods() * podFactor,
                    s.maxPods() * podFactor, s.baseErrorRate(), s.memoryLimitMiB(), s.queue(), s.callers(), s.endpoints()));
        }
        SimulationConfig cfg = SimulationConfig.defaults(42, simStart.minus(history)).withServices(services).withPeakRequestsPerSecond(rate);
        LogGenerator generator = new LogGenerator(cfg);
        EsLogLoader loader = new EsLogLoader(client, BulkIndexer.Options.defaults());
        long l0 = System.nanoTime();
        LoadReport loaded = loader.backfill(generator, simStart.minus(history), simStart, Duration.ofHours(1), null);
        System.out.printf(Locale.ROOT, "soak: %s of history, %,d documents loaded in %.0f s; live for %s at x%.0f (%s simulated)%n",
                history, loaded.documents(), (System.nanoTime() - l0) / 1e9, runFor, speed, runFor.multipliedBy((long) speed));

        Clock clock = ServiceClock.of(Clock.systemUTC(), simStart, speed);
        LiveStreamer live = new LiveStreamer(generator, clock::instant, loader::write, simStart, Duration.ofSeconds(1));
        AtomicBoolean stop = new AtomicBoolean();
        Thread streamer = Thread.ofPlatform().daemon().name("soak-stream").start(() -> live.run(stop::get));

        Map<String, String> env = new HashMap<>();
        env.put("KIZASHI_ELASTICSEARCH_URLS", shared.uri().toString());
        env.put("KIZASHI_JOBS_DIR", repo.resolve("deploy/config/jobs").toString());
        env.put("KIZASHI_HTTP_PORT", "0");
        Vertx vertx = Vertx.vertx();
        KizashiService service = KizashiService.start(vertx, new ServiceConfigLoader(env::get, repo).load(null), clock)
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);

        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ProcessHandle esProcess = ProcessHandle.of(shared.pid()).orElseThrow();
        long wall0 = System.nanoTime();
        long cpu0 = os.getProcessCpuTime();
        long esCpu0 = esProcess.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        List<double[]> samples = new ArrayList<>();
        long end = wall0 + runFor.toNanos();
        long lastWall = wall0;
        long lastCpu = cpu0;
        long lastEs = esCpu0;
        System.out.println("  t(s)  heap MiB  cpu svc%  cpu es%  series  max lag(s)  buckets");
        while (System.nanoTime() < end) {
            Thread.sleep(10_000);
            long now = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            long esCpu = esProcess.info().totalCpuDuration().map(Duration::toNanos).orElse(lastEs);
            double svcPct = 100.0 * (cpu - lastCpu) / (now - lastWall);
            double esPct = 100.0 * (esCpu - lastEs) / (now - lastWall);
            lastWall = now;
            lastCpu = cpu;
            lastEs = esCpu;
            int series = service.jobs().stream().mapToInt(j -> j.scorer().seriesCount()).sum();
            double lag = service.jobs().stream().map(j -> j.datafeed().status().checkpoint()).filter(java.util.Objects::nonNull)
                    .mapToDouble(c -> Duration.between(c, clock.instant()).toSeconds()).max().orElse(Double.NaN);
            long buckets = service.jobs().stream().mapToLong(j -> j.datafeed().status().bucketsEmitted()).sum();
            double heap = mem.getHeapMemoryUsage().getUsed() / 1048576.0;
            samples.add(new double[] {heap, svcPct, esPct, series, lag});
            System.out.printf(Locale.ROOT, "%6.0f  %8.0f  %8.0f  %7.0f  %6d  %10.0f  %,d%n", (now - wall0) / 1e9, heap, svcPct, esPct, series, lag, buckets);
        }
        double wallS = (System.nanoTime() - wall0) / 1e9;
        double svcAvg = 100.0 * (os.getProcessCpuTime() - cpu0) / 1e9 / wallS;
        double esAvg = 100.0 * (esProcess.info().totalCpuDuration().map(Duration::toNanos).orElse(esCpu0) - esCpu0) / 1e9 / wallS;

        System.out.println("per job: series, buckets, scoring time per cycle (mean / max), pull time per cycle (mean / max), lag at end");
        for (JobRuntime j : service.jobs()) {
            Timer scoring = service.metrics().registry().find("kizashi.scoring").tag("job", j.id()).timer();
            Timer pull = service.metrics().registry().find("kizashi.datafeed.pull").tag("job", j.id()).timer();
            Instant cp = j.datafeed().status().checkpoint();
            System.out.printf(Locale.ROOT, "  %-18s %5d series %7d buckets  scoring %6.1f / %6.1f ms  pull %6.1f / %6.1f ms  lag %s%n", j.id(),
                    j.scorer().seriesCount(), j.datafeed().status().bucketsEmitted(),
                    scoring == null ? Double.NaN : scoring.mean(TimeUnit.MILLISECONDS), scoring == null ? Double.NaN : scoring.max(TimeUnit.MILLISECONDS),
                    pull == null ? Double.NaN : pull.mean(TimeUnit.MILLISECONDS), pull == null ? Double.NaN : pull.max(TimeUnit.MILLISECONDS),
                    cp == null ? "-" : Duration.between(cp, clock.instant()).truncatedTo(ChronoUnit.SECONDS));
        }
        double[] heap = range(samples, 0);
        double[] series = range(samples, 3);
        double[] lag = range(samples, 4);
        System.out.printf(Locale.ROOT, "soak summary: %.0f s wall at x%.0f; series %.0f..%.0f; heap used %.0f..%.0f MiB (max heap %d MiB); "
                        + "CPU service %.0f %% and Elasticsearch %.0f %% of one core on average (%d cores); max lag %.0f s%n", wallS, speed,
                series[0], series[1], heap[0], heap[1], mem.getHeapMemoryUsage().getMax() >> 20, svcAvg, esAvg,
                Runtime.getRuntime().availableProcessors(), lag[1]);
        stop.set(true);
        service.stop().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        streamer.join(10_000);
        shared.stop();
        System.exit(0);
    }

    static double[] range(List<double[]> samples, int i) {
        return new double[] {samples.stream().mapToDouble(s -> s[i]).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN),
            samples.stream().mapToDouble(s -> s[i]).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN)};
    }
}
