package io.kizashi.datafeed;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.config.ConfigError;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.Jobs;
import io.kizashi.datafeed.job.MetricSpec;
import io.kizashi.datafeed.testing.Collector;
import io.kizashi.testkit.MutableClock;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.simulator.IncidentKind;
import io.kizashi.simulator.LogDocument;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.MdmCatalog;
import io.kizashi.simulator.SimulationConfig;
import io.kizashi.simulator.load.EsLogLoader;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example jobs of deploy/config/jobs validate, and pull the simulator's logs (with a database-pool
 * incident, so errors, pool waits and restarts occur) from the embedded node: backfill, then live.
 */
@WithElasticsearch
class ExampleJobsTest {

    static final Instant START = Instant.parse("2025-03-02T15:00:00Z"); // Monday 00:00 in Tokyo
    static final Instant ONSET = START.plus(Duration.ofHours(10));
    static final Instant INC_START = ONSET.plus(Duration.ofMinutes(30));
    static final Instant INC_END = INC_START.plus(Duration.ofMinutes(20));
    static final Instant FROM = ONSET.minus(Duration.ofMinutes(15));
    static final Instant TO = INC_END.plus(Duration.ofMinutes(10));

    static Path jobsDir() {
        return Path.of(System.getProperty("kizashi.repo.root", "../.."), "deploy", "config", "jobs");
    }

    @Test
    void exampleJobsValidateAndPullTheSimulatedPlatform(ElasticsearchClient client, IndexPrefix prefix) throws Exception {
        Path dir = jobsDir();
        assertThat(Files.isDirectory(dir)).as("example jobs in %s", dir).isTrue();
        List<ConfigError> errors = Jobs.validate(dir);
        assertThat(errors).as("problems in the example jobs").isEmpty();
        List<JobSpec> jobs = Jobs.loadAll(dir);
        assertThat(jobs).extracting(JobSpec::id).contains("mdm-requests", "mdm-pod-latency", "mdm-tenants", "mdm-pod-restarts",
            "mdm-runtime", "mdm-log-levels");

        SimulationConfig base = new SimulationConfig(5, START, 3.0, 0.003, SimulationConfig.TOKYO, prefix.index("logs-mdm-"),
            "mdm-prod", MdmCatalog.services(), 400, 0, 0, List.of(), Duration.ofMinutes(2), 6);
        SimulationConfig cfg = base.withIncident(base.incident("inc-pool-0", IncidentKind.DB_POOL_SATURATION, "inventory",
            ONSET, INC_START, INC_END));
        LogGenerator generator = new LogGenerator(cfg);
        EsLogLoader loader = new EsLogLoader(client);
        assertThat(loader.backfill(generator, FROM, TO, Duration.ofMinutes(30), null).failed()).isZero();
        List<LogDocument> docs = generator.generate(FROM, TO);
        Instant liveEnd = TO.plus(Duration.ofMinutes(10));
        List<LogDocument> liveDocs = generator.generate(TO, liveEnd);

        MutableClock clock = new MutableClock(TO.plus(Duration.ofMinutes(2)));
        DatafeedOptions options = DatafeedOptions.defaults().withStateIndex(prefix.index("state"));
        Map<String, Datafeed> feeds = new HashMap<>();
        Map<String, Collector> collected = new HashMap<>();
        for (JobSpec example : jobs) {
            JobSpec job = example.withSource(example.source().withIndices(List.of(cfg.indexPrefix() + "*")).withStart(FROM));
            Datafeed feed = Datafeed.create(job, client, clock, options);
            Collector c = new Collector();
            feed.catchUp(c);
            assertThat(feed.status().lastError()).as(job.id()).isNull();
            assertThat(feed.status().checkpoint()).as(job.id())
                .isEqualTo(Instant.ofEpochMilli(Math.floorDiv(clock.instant().minus(job.source().queryDelay()).toEpochMilli(),
                    job.source().bucketSpan().toMillis()) * job.source().bucketSpan().toMillis()));
            for (MetricSpec m : job.metrics()) {
                assertThat(c.sequences().entrySet()).as("%s.%s has values", job.id(), m.name())
                    .anySatisfy(e -> assertThat(e.getKey().metric().equals(m.name())
                        && e.getValue().stream().anyMatch(b -> !b.missing())).isTrue());
            }
            feeds.put(job.id(), feed);
            collected.put(job.id(), c);
        }

        // The request rate of every service and minute is its completed requests / 60.
        Collector requests = collected.get("mdm-requests");
        Map<String, Long> perServiceMinute = new HashMap<>();
        for (LogDocument d : docs) {
            if ("request-completed".equals(d.action())) {
                perServiceMinute.merge(d.service() + "@" + (d.timestampMs() / 60_000 * 60_000), 1L, Long::sum);
            }
        }
        requests.sequences().forEach((key, buckets) -> {
            if (key.metric().equals("request_rate")) {
                for (Bucket b : buckets) {
                    long n = perServiceMinute.getOrDefault(key.splits().get("service.name") + "@" + b.start().toEpochMilli(), 0L);
                    assertThat(b.value()).as("%s at %s", key, b.start()).isEqualTo(n / 60.0);
                }
            }
        });
        assertThat(requests.sequences().keySet()).filteredOn(k -> k.metric().equals("request_rate")).hasSize(MdmCatalog.services().size());
        // The incident shows: inventory's error ratio rises, pods fail their probes and restart (this
        // incident id restarts three of inventory's pods in the ground truth).
        SeriesKey inventoryErrors = new SeriesKey("mdm-requests", "error_ratio", Map.of("service.name", "inventory"));
        double maxRatio = requests.sequences().get(inventoryErrors).stream().mapToDouble(Bucket::value).filter(v -> !Double.isNaN(v)).max().orElseThrow();
        assertThat(maxRatio).isGreaterThan(0.2);
        long restartEvents = docs.stream().filter(d -> "container-restarted".equals(d.action())).count();
        double restarts = collected.get("mdm-pod-restarts").sequences().entrySet().stream()
            .filter(e -> e.getKey().metric().equals("restarts")).flatMap(e -> e.getValue().stream()).mapToDouble(Bucket::value).sum();
        long probeEvents = docs.stream().filter(d -> "liveness-probe-failed".equals(d.action())).count();
        double probes = collected.get("mdm-pod-restarts").sequences().entrySet().stream()
            .filter(e -> e.getKey().metric().equals("probe_failures")).flatMap(e -> e.getValue().stream()).mapToDouble(Bucket::value).sum();
        assertThat(generator.groundTruth().restarts(FROM, TO)).hasSize(3);
        assertThat(probeEvents).isEqualTo(3);
        assertThat(probes).isEqualTo(probeEvents);
        assertThat(restarts).isEqualTo(restartEvents).isPositive();

        // Live: ten more minutes arrive; each job pulls them in its next cycle(s).
        loader.write(liveDocs);
        new IndexAdmin(client).refresh(cfg.indexPrefix() + "*");
        clock.set(liveEnd.plus(Duration.ofMinutes(2)));
        for (JobSpec job : jobs) {
            Datafeed feed = feeds.get(job.id());
            Collector c = collected.get(job.id());
            int before = c.batches().size();
            assertThat(feed.catchUp(c)).as(job.id()).isPositive();
            assertThat(c.batches().subList(before, c.batches().size())).extracting(b -> b.cycle().kind()).contains(Cycle.Kind.LIVE);
            assertThat(feed.status().state()).as(job.id()).isEqualTo(DatafeedStatus.State.LIVE);
            Collector.assertContiguous(c.sequences(), job.source().bucketSpan());
            assertThat(c.redelivered()).isEmpty();
        }
    }
}
