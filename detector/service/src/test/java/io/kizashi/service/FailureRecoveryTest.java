package io.kizashi.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.service.config.ServiceConfigLoader;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.testkit.AlertmanagerProcess;
import io.kizashi.service.support.ChildReplica;
import io.kizashi.service.support.OutboxCheck;
import io.kizashi.service.support.ResultsCheck;
import io.kizashi.testkit.WebhookSink;
import io.kizashi.simulator.IncidentKind;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.MdmCatalog;
import io.kizashi.simulator.ServiceSpec;
import io.kizashi.simulator.SimulationConfig;
import io.kizashi.simulator.load.EsLogLoader;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.SharedElasticsearch;
import io.kizashi.testkit.WithElasticsearch;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nothing lost, nothing twice, whatever fails: a simulated database-pool incident (alerts fire and resolve)
 * is run once without trouble (the reference), then (1) with the service killed by SIGKILL twice during the
 * backfill and restarted, (2) with Elasticsearch stopped and restarted in the middle of the backfill while
 * the Alertmanager is down, brought up only afterwards. Each time every bucket of every series must be
 * scored exactly once (one record per bucket, equal to the reference's), and every alert transition of the
 * reference delivered (the webhook counted by Idempotency-Key: delivery is at least once by design, so
 * repeats of a key after a kill are allowed and reported, never a missing or an extra key).
 */
@WithElasticsearch
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureRecoveryTest {

    static final Instant START = Instant.parse("2025-03-02T15:00:00Z"); // Monday 00:00 JST
    static final Instant ONSET = START.plus(Duration.ofHours(6));
    static final Instant END = ONSET.plus(Duration.ofHours(2));
    static final long BUCKETS = Duration.between(START, END).toMinutes();

    private Path dir;
    private Path jobs;
    private Path rules;
    private URI es;
    private String prefix;
    private Map<String, List<String>> expected;
    private Set<String> expectedFiring;
    private final Vertx vertx = Vertx.vertx();

    @BeforeAll
    void referenceRun(ElasticsearchClient client, IndexPrefix p, URI es) throws Exception {
        this.es = es;
        this.prefix = p.value();
        dir = Files.createTempDirectory("kizashi-failure");
        String logs = p.index("logs-mdm-");
        List<ServiceSpec> two = MdmCatalog.services().stream().filter(s -> List.of("inventory", "device-gateway").contains(s.name())).toList();
        SimulationConfig base = new SimulationConfig(7, START, 3.0, 0.0, SimulationConfig.TOKYO, logs, "mdm-prod", two, 100, 0, 0,
                List.of(), Duration.ofMinutes(5), 3);
        SimulationConfig cfg = base.withIncident(base.incident("inc", IncidentKind.DB_POOL_SATURATION, "inventory", ONSET,
                ONSET.plus(Duration.ofMinutes(30)), ONSET.plus(Duration.ofMinutes(50))));
        new EsLogLoader(client, BulkIndexer.Options.defaults()).backfill(new LogGenerator(cfg), START, END, Duration.ofHours(1), null);
        jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(jobs.resolve("latency.yaml"), """
                job_id: latency
                source:
                  indices: [%s*]
                  filter: {term: {event.action: request-completed}}
                  bucket_span: 1m
                  query_delay: 0s
                  start: %s
                pull: {max_chunk: 30m, pause_backoff: 1s, max_pause: 4s}
                split:
                  by: [service.name]
                metrics:
                  - {name: p95_latency, function: percentile, field: event.duration, percentile: 95}
                  - name: error_ratio
                    function: ratio
                    numerator: {range: {http.response.status_code: {gte: 500}}}
                """.formatted(logs, START));
        rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("latency.yaml"), """
                group: test
                rules:
                  - name: inventory-latency-high
                    match: {job: latency, metric: p95_latency, splits: {service.name: inventory}}
                    condition: {score: {min: 40, direction: high}}
                    keep_firing_for: 10m
                    severity: critical
                  - name: unusual
                    match: {job: latency}
                    condition: {score: {min: 25, direction: any}}
                    keep_firing_for: 3m
                """);
        try (WebhookSink hook = new WebhookSink()) {
            KizashiService s = inJvm("ref-", hook.url("/hook").toString(), null);
            try {
                await("the reference run", () -> caughtUp(s));
                awaitDelivered(client, "ref-", "webhook:");
            } finally {
                s.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            expected = ResultsCheck.records(client, prefix + "ref-", START, END);
            expectedFiring = firing(hook.keys().keySet());
        }
        assertThat(expected).hasSize(4);
        assertThat(expected.values()).allMatch(r -> r.size() == BUCKETS);
        assertThat(expectedFiring).as("the incident fires alerts").isNotEmpty();
    }

    @AfterAll
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void killedTwiceDuringTheBackfillEveryBucketIsScoredOnceAndEveryAlertDelivered(ElasticsearchClient client) throws Exception {
        Map<String, String> env = env("kill-", null);
        try (WebhookSink hook = new WebhookSink()) {
            env.put("KIZASHI_ALERTING_WEBHOOK_URLS", hook.url("/hook").toString());
            Path logs = Path.of("target", "replica-logs", "sigkill");
            Instant[] killAt = {START.plus(Duration.ofMinutes(BUCKETS / 3)), START.plus(Duration.ofMinutes(2 * BUCKETS / 3))};
            int run = 0;
            for (Instant at : killAt) {
                try (ChildReplica r = ChildReplica.start("service-" + ++run, env, END.plusSeconds(30), System.currentTimeMillis(), 1, logs)
                        .awaitReady(Duration.ofMinutes(3))) {
                    await("checkpoint past " + at, () -> checkpoint(r).compareTo(at.toString()) >= 0);
                    assertThat(checkpoint(r)).as("killed during the backfill").isLessThan(END.toString());
                    r.kill();
                }
            }
            try (ChildReplica r = ChildReplica.start("service-" + ++run, env, END.plusSeconds(30), System.currentTimeMillis(), 1, logs)
                    .awaitReady(Duration.ofMinutes(3))) {
                await("the backfill after two kills", () -> checkpoint(r).compareTo(END.toString()) >= 0);
                awaitDelivered(client, "kill-", "webhook:");
                r.stop();
            }
            assertSameResults(client, "kill-");
            Map<String, Long> keys = hook.keys();
            assertThat(firing(keys.keySet())).as("firing transitions delivered (by Idempotency-Key)").isEqualTo(expectedFiring);
            assertThat(OutboxCheck.deliveries(client, prefix + "kill-alerts-outbox", "webhook:").keySet())
                    .as("every key the webhook got is one recorded transition").isEqualTo(keys.keySet());
            System.out.printf("sigkill x2: %d records rewritten with identical content; %d transitions, %d webhook posts (%d repeats)%n",
                    ResultsCheck.rewritten(client, prefix + "kill-", START, END), keys.size(), hook.requests().size(),
                    hook.requests().size() - keys.size());
        }
    }

    @Test
    void elasticsearchRestartedMidBackfillAndAlertmanagerDownLoseNothing(ElasticsearchClient client) throws Exception {
        assumeTrue(AlertmanagerProcess.available(), "Debian's prometheus-alertmanager is needed (./kizashi test installs it)");
        try (WebhookSink hook = new WebhookSink(); WebhookSink fromAm = new WebhookSink();
             AlertmanagerProcess am = new AlertmanagerProcess(Files.createDirectories(dir.resolve("am")), fromAm.url("/hook"))) {
            // the Alertmanager is down from the start
            KizashiService s = inJvm("chaos-", hook.url("/hook").toString(), am.url());
            try {
                JobRuntime job = s.jobs().getFirst();
                Instant third = START.plus(Duration.ofMinutes(BUCKETS / 3));
                await("a third of the backfill", () -> job.datafeed().status().checkpoint() != null
                        && !job.datafeed().status().checkpoint().isBefore(third));
                SharedElasticsearch.get().stop();
                Thread.sleep(3000);
                SharedElasticsearch.get().node(); // same data, same port
                await("the backfill after Elasticsearch came back", () -> caughtUp(s));
                assertThat(job.datafeed().status().cyclesCommitted()).isPositive();
                awaitDelivered(client, "chaos-", "webhook:");
                Map<String, String> toAm = OutboxCheck.deliveries(client, prefix + "chaos-alerts-outbox", "alertmanager:");
                assertThat(toAm.values()).as("nothing reached the Alertmanager while it was down").doesNotContain("delivered");
                am.start();
                // accepted by the Alertmanager (its own notifications are not checked: the alerts carry the
                // simulated time of 2025, so it takes them as long over)
                awaitDelivered(client, "chaos-", "alertmanager:");
            } finally {
                s.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            assertSameResults(client, "chaos-");
            assertThat(firing(hook.keys().keySet())).as("firing transitions delivered to the webhook").isEqualTo(expectedFiring);
            assertThat(firing(OutboxCheck.deliveries(client, prefix + "chaos-alerts-outbox", "alertmanager:").keySet()))
                    .as("firing transitions accepted by the Alertmanager after its outage").isEqualTo(expectedFiring);
        }
    }

    @Test
    void aCycleWhoseTransitionsCannotBeRecordedIsRetriedWithNothingLost(ElasticsearchClient client) throws Exception {
        try (WebhookSink hook = new WebhookSink()) {
            KizashiService s = inJvm("block-", hook.url("/hook").toString(), null);
            String outbox = prefix + "block-alerts-outbox";
            try {
                JobRuntime job = s.jobs().getFirst();
                // the outbox refuses writes after the first committed cycle (hours before the first transition): the
                // first cycle with a transition then fails at the alert stage, after its models had learned it
                await("the first committed cycle", () -> job.datafeed().status().cyclesCommitted() > 0);
                writeBlock(client, outbox, true);
                await("a cycle refused by the outbox", () -> job.lastError() != null && job.lastError().contains("alert"));
                Thread.sleep(1000); // the same cycle is retried (and refused) a few times
                writeBlock(client, outbox, false);
                await("the backfill after the outbox took writes again", () -> caughtUp(s));
                awaitDelivered(client, "block-", "webhook:");
            } finally {
                s.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            assertSameResults(client, "block-");
            assertThat(firing(hook.keys().keySet())).as("firing transitions delivered after the outbox refused writes")
                    .isEqualTo(expectedFiring);
        }
    }

    private static void writeBlock(ElasticsearchClient client, String index, boolean on) throws Exception {
        client.indices().putSettings(p -> p.index(index).settings(st -> st.blocks(b -> b.write(on))));
    }

    // ------------------------------------------------------------------ helpers

    private void assertSameResults(ElasticsearchClient client, String run) throws Exception {
        Map<String, List<String>> actual = ResultsCheck.records(client, prefix + run, START, END);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String series : expected.keySet()) {
            assertThat(actual.get(series)).as("records of %s in run %s", series, run).hasSize((int) BUCKETS).isEqualTo(expected.get(series));
        }
    }

    /** The keys of FIRING transitions (deterministic: fingerprint, kind, episode start). */
    private static Set<String> firing(Set<String> keys) {
        return keys.stream().filter(k -> k.contains("-FIRING-") || k.contains("-firing-")).collect(Collectors.toCollection(TreeSet::new));
    }

    private KizashiService inJvm(String run, String webhook, URI alertmanager) throws Exception {
        Map<String, String> env = env(run, webhook);
        if (alertmanager != null) {
            env.put("KIZASHI_ALERTING_ALERTMANAGER_URLS", alertmanager.toString());
        }
        // a clock that moves (from just after the data): delivery retries are scheduled on it
        return KizashiService.start(vertx, new ServiceConfigLoader(env::get, dir).load(null),
                ServiceClock.of(Clock.systemUTC(), END.plusSeconds(30), 1)).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }

    private Map<String, String> env(String run, String webhook) {
        Map<String, String> env = new HashMap<>();
        env.put("KIZASHI_ELASTICSEARCH_URLS", es.toString());
        env.put("KIZASHI_JOBS_DIR", jobs.toString());
        env.put("KIZASHI_RULES_DIR", rules.toString());
        env.put("KIZASHI_HTTP_PORT", "0");
        env.put("KIZASHI_INDICES_PREFIX", prefix + run);
        env.put("KIZASHI_TICK", "100ms");
        if (webhook != null) {
            env.put("KIZASHI_ALERTING_WEBHOOK_URLS", webhook);
        }
        return env;
    }

    private static boolean caughtUp(KizashiService s) {
        JobRuntime j = s.jobs().getFirst();
        Instant c = j.datafeed().status().checkpoint();
        return c != null && !c.isBefore(END) && !j.busy();
    }

    private static String checkpoint(ChildReplica r) {
        JsonArray a = r.jobs();
        String c = a == null || a.isEmpty() ? null : a.getJsonObject(0).getString("checkpoint");
        return c == null ? "" : c;
    }

    /** Waits until every recorded transition is delivered to the receiver (status "delivered"). */
    private void awaitDelivered(ElasticsearchClient client, String run, String receiver) throws Exception {
        await("deliveries to " + receiver, () -> {
            try {
                Map<String, String> d = OutboxCheck.deliveries(client, prefix + run + "alerts-outbox", receiver);
                return !d.isEmpty() && d.values().stream().allMatch("delivered"::equals);
            } catch (Exception e) {
                return false;
            }
        });
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
