package io.kizashi.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.service.config.ServiceConfigLoader;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.service.support.ChildReplica;
import io.kizashi.service.support.ResultsCheck;
import io.kizashi.testkit.WebhookSink;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three replicas (child JVMs) form a Hazelcast cluster on loopback and share four jobs; once the jobs are
 * spread, the replica holding the most is killed with SIGKILL in the middle of the run. Its jobs must
 * move to the survivors and continue from their checkpoints: every series then has exactly one record
 * per bucket over the whole range, equal to those of an uninterrupted single-replica run.
 */
@WithElasticsearch
class ClusterFailoverTest {

    static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
    static final Instant END = START.plus(Duration.ofHours(3));
    static final List<String> JOBS = List.of("svc-requests", "svc-latency", "svc-errors", "all-requests");
    static final double SPEED = 240; // simulated seconds per second: the 3 hours pass in 45 s

    @Test
    void aKilledReplicasJobsContinueOnTheOthersWithNoGapAndNoDuplicate(ElasticsearchClient client, IndexPrefix prefix, URI es,
                                                                      @TempDir Path dir) throws Exception {
        String logs = prefix.index("logs-mdm-");
        List<ServiceSpec> three = MdmCatalog.services().stream()
                .filter(s -> List.of("device-gateway", "command-queue", "auth").contains(s.name())).toList();
        new EsLogLoader(client, BulkIndexer.Options.defaults()).backfill(new LogGenerator(new SimulationConfig(5, START, 3.0, 0.0,
                SimulationConfig.TOKYO, logs, "mdm-prod", three, 30, 0, 0, List.of(), Duration.ofMinutes(5), 3)), START, END,
                Duration.ofHours(1), null);
        Path jobs = writeJobs(dir.resolve("jobs"), logs);
        Path rules = Files.createDirectories(dir.resolve("rules"));
        // low enough to fire now and then on plain simulated traffic; evaluated per job on its owner
        Files.writeString(rules.resolve("unusual.yaml"), """
                name: unusual-traffic
                match: {job: [svc-requests, svc-latency, svc-errors]}
                condition: {score: {min: 20, direction: any}}
                keep_firing_for: 3m
                severity: warning
                """);
        WebhookSink webhook = new WebhookSink();

        // the reference: one replica, uninterrupted
        Map<String, String> refEnv = env(es, jobs, prefix.value() + "ref-");
        Vertx vertx = Vertx.vertx();
        KizashiService ref = KizashiService.start(vertx, new ServiceConfigLoader(refEnv::get, dir).load(null),
                Clock.fixed(END.plusSeconds(30), ZoneOffset.UTC)).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        try {
            await("the reference run", Duration.ofMinutes(4), () -> ref.jobs().stream()
                    .allMatch(j -> END.equals(j.datafeed().status().checkpoint()) && !j.busy()));
        } finally {
            ref.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        // three replicas sharing one simulated clock that starts at START a while after they were launched
        int[] ports = {ChildReplica.freePort(), ChildReplica.freePort(), ChildReplica.freePort()};
        String members = java.util.Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        long anchor = System.currentTimeMillis() + 30_000;
        List<ChildReplica> replicas = new ArrayList<>();
        Path logDir = Path.of("target", "replica-logs", "cluster-failover");
        try {
            for (int i = 0; i < 3; i++) {
                Map<String, String> env = env(es, jobs, prefix.value() + "c-");
                env.put("KIZASHI_CLUSTER_ENABLED", "true");
                env.put("KIZASHI_CLUSTER_NAME", "failover-test");
                env.put("KIZASHI_CLUSTER_HOST", "127.0.0.1");
                env.put("KIZASHI_CLUSTER_PORT", Integer.toString(ports[i]));
                env.put("KIZASHI_CLUSTER_MEMBERS", members);
                env.put("KIZASHI_CLUSTER_FAILURE_TIMEOUT", "3s");
                env.put("KIZASHI_RULES_DIR", rules.toString());
                env.put("KIZASHI_ALERTING_WEBHOOK_URLS", webhook.url("/hook").toString());
                replicas.add(ChildReplica.start("replica-" + i, env, START, anchor, SPEED, logDir));
            }
            for (ChildReplica r : replicas) {
                r.awaitReady(Duration.ofMinutes(3));
            }
            // every job active on exactly one replica
            await("the jobs spread over the three replicas", Duration.ofMinutes(2), () -> {
                Map<String, Integer> holders = new HashMap<>();
                for (ChildReplica r : replicas) {
                    r.activeJobs().forEach(j -> holders.merge(j, 1, Integer::sum));
                }
                return holders.size() == JOBS.size() && holders.values().stream().allMatch(n -> n == 1);
            });
            // kill the busiest replica a third of the way through
            long killAt = anchor + (long) (Duration.ofHours(1).toMillis() / SPEED);
            Thread.sleep(Math.max(0, killAt - System.currentTimeMillis()));
            ChildReplica victim = replicas.stream().max(java.util.Comparator.comparingInt(r -> r.activeJobs().size())).orElseThrow();
            JsonArray before = victim.jobs();
            List<String> moved = victim.activeJobs();
            for (int i = 0; i < before.size(); i++) {
                JsonObject j = before.getJsonObject(i);
                if (j.getBoolean("active")) {
                    assertThat(j.getString("checkpoint")).as("job %s is in the middle of its range when its replica dies", j.getString("job_id"))
                            .isNotNull().isLessThan(END.toString());
                }
            }
            victim.kill();
            List<ChildReplica> survivors = replicas.stream().filter(r -> r != victim).toList();

            await("all jobs past END on the two survivors", Duration.ofMinutes(4), () -> {
                Map<String, String> checkpoints = new HashMap<>();
                for (ChildReplica r : survivors) {
                    JsonArray a = r.jobs();
                    for (int i = 0; a != null && i < a.size(); i++) {
                        JsonObject j = a.getJsonObject(i);
                        if (j.getBoolean("active") && j.getString("checkpoint") != null) {
                            checkpoints.put(j.getString("job_id"), j.getString("checkpoint"));
                        }
                    }
                }
                return checkpoints.size() == JOBS.size() && checkpoints.values().stream().allMatch(c -> c.compareTo(END.toString()) >= 0);
            });
            for (ChildReplica r : survivors) {
                r.stop();
            }
            for (String job : moved) {
                assertThat(Files.readString(survivors.get(0).log()) + Files.readString(survivors.get(1).log()))
                        .as("a survivor took over %s from the dead replica", job).containsPattern("took over job " + job + " \\(its owner .* left");
            }

            Map<String, List<String>> expected = ResultsCheck.records(client, prefix.value() + "ref-", START, END);
            Map<String, List<String>> actual = ResultsCheck.records(client, prefix.value() + "c-", START, END);
            assertThat(expected).hasSize(2 * 3 + 3 + 3 + 1);
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            for (String series : expected.keySet()) {
                assertThat(actual.get(series)).as("records of series %s", series).hasSize(180);
                assertThat(actual.get(series).stream().map(l -> l.split(" ")[0]).distinct().count()).isEqualTo(180);
                assertThat(actual.get(series)).as("records of series %s, cluster run vs uninterrupted run", series).isEqualTo(expected.get(series));
            }
            // alerts: every transition recorded in the jobs' outboxes reached the webhook; nothing else did
            Map<String, String> outbox = io.kizashi.service.support.OutboxCheck.deliveries(client, prefix.value() + "c-job-*-alerts-outbox",
                    "webhook:");
            Map<String, Long> received = webhook.keys();
            assertThat(outbox).as("notifying transitions recorded").isNotEmpty();
            assertThat(outbox.values()).as("delivery status per transition").allMatch("delivered"::equals);
            assertThat(received.keySet()).as("idempotency keys at the webhook vs the outboxes").isEqualTo(outbox.keySet());
            System.out.printf("cluster failover: moved %s; records rewritten with identical content: %d of %d; alert transitions %d,"
                            + " webhook posts %d (repeats of a key: %d)%n", moved, ResultsCheck.rewritten(client, prefix.value() + "c-", START, END),
                    180L * expected.size(), outbox.size(), webhook.requests().size(), webhook.requests().size() - received.size());
        } finally {
            for (ChildReplica r : replicas) {
                r.close();
            }
            webhook.close();
        }
    }

    static Map<String, String> env(URI es, Path jobs, String prefix) {
        Map<String, String> env = new HashMap<>();
        env.put("KIZASHI_ELASTICSEARCH_URLS", es.toString());
        env.put("KIZASHI_JOBS_DIR", jobs.toString());
        env.put("KIZASHI_HTTP_PORT", "0");
        env.put("KIZASHI_INDICES_PREFIX", prefix);
        env.put("KIZASHI_TICK", "100ms");
        return env;
    }

    static Path writeJobs(Path dir, String logs) throws IOException {
        Files.createDirectories(dir);
        String head = """
                job_id: %s
                source:
                  indices: [%s*]
                  filter: {term: {event.action: request-completed}}
                  bucket_span: 1m
                  query_delay: 0s
                  frequency: 2m
                  start: %s
                pull:
                  max_chunk: 20m
                """;
        Files.writeString(dir.resolve("svc-requests.yaml"), head.formatted("svc-requests", logs, START) + """
                split: {by: [service.name]}
                metrics:
                  - {name: requests, function: count}
                  - {name: slow, function: count, filter: {range: {event.duration: {gte: 200000000}}}}
                """);
        Files.writeString(dir.resolve("svc-latency.yaml"), head.formatted("svc-latency", logs, START) + """
                split: {by: [service.name]}
                metrics:
                  - {name: p95_latency, function: percentile, field: event.duration, percentile: 95}
                """);
        Files.writeString(dir.resolve("svc-errors.yaml"), head.formatted("svc-errors", logs, START) + """
                split: {by: [service.name]}
                metrics:
                  - name: error_ratio
                    function: ratio
                    numerator: {range: {http.response.status_code: {gte: 500}}}
                """);
        Files.writeString(dir.resolve("all-requests.yaml"), head.formatted("all-requests", logs, START) + """
                metrics:
                  - {name: requests, function: count}
                """);
        return dir;
    }

    static void await(String what, Duration timeout, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
