package io.kizashi.service.pipeline;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.alerting.engine.AlertEngine;
import io.kizashi.alerting.engine.HealthObservation;
import io.kizashi.alerting.rules.AlertRules;
import io.kizashi.datafeed.Cycle;
import io.kizashi.datafeed.Datafeed;
import io.kizashi.datafeed.DatafeedOptions;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.Jobs;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.MutableClock;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's backfill at the level where its health is judged: three jobs' real datafeeds on a real node take
 * turns on the process (as six jobs share two cores), the service clock runs 60 times faster than the process's
 * monotonic clock, and after each cycle the alerts are evaluated with every job's health (as {@link AlertEvaluation}
 * does) under the real {@code alert-rules/detector-health.yaml}. A cycle takes 15 s of the process's time, so a job's
 * checkpoint stands still for 45 service minutes between its commits while it advances six hours each time: a
 * healthy backfill, which {@code datafeed-behind} (more than 10m without progress) must leave alone. Both clocks are
 * moved by hand, so the run is the same on any machine.
 */
@WithElasticsearch
class FastClockBackfillHealthTest {

    static final Path REPO = Path.of(System.getProperty("kizashi.repo.root", "../.."));
    static final Instant SIM_START = Instant.parse("2025-06-02T00:00:00Z");
    static final Duration CYCLE = Duration.ofSeconds(15);
    static final int SPEED = 60;

    @Test
    void aHealthyBackfillOnASixtyTimesFasterClockIsNotADatafeedBehind(ElasticsearchClient client, IndexPrefix prefix) throws Exception {
        String logs = prefix.index("logs-");
        client.indices().create(c -> c.index(logs).settings(s -> s.numberOfReplicas("0"))
            .mappings(m -> m.properties("@timestamp", p -> p.date(d -> d))));
        MutableClock service = new MutableClock(SIM_START);
        AtomicLong nanos = new AtomicLong();
        DatafeedOptions options = DatafeedOptions.defaults().withStateIndex(prefix.index("state")).withNanoTime(nanos::get);
        List<JobRuntime> jobs = new ArrayList<>();
        for (String id : List.of("mdm-a", "mdm-b", "mdm-c")) {
            JobSpec spec = Jobs.parse("""
                job_id: %s
                source:
                  indices: ["%s"]
                  bucket_span: 5m
                  query_delay: 0s
                  start: %s
                pull: {max_chunk: 6h}
                metrics:
                  - {name: requests, function: count}
                """.formatted(id, logs, SIM_START.minus(Duration.ofDays(2))), id + ".yaml");
            jobs.add(new JobRuntime(spec, Datafeed.create(spec, client, service, options)));
        }
        AlertEngine engine = new AlertEngine(AlertRules.parseStrict(
            Files.readString(REPO.resolve("alert-rules/detector-health.yaml")), "detector-health.yaml"));
        assertThat(engine.rules().rule("datafeed-behind")).isPresent();

        List<String> transitions = new ArrayList<>();
        Set<String> caughtUp = new HashSet<>();
        Duration longestWithoutProgress = Duration.ZERO;
        Duration longestLagWhileCatchingUp = Duration.ZERO;
        int cycles = 0;
        while (caughtUp.size() < jobs.size()) {
            for (JobRuntime j : jobs) {
                Optional<Cycle> c = j.datafeed().nextCycle();
                if (c.isEmpty()) {
                    continue;
                }
                assertThat(j.datafeed().pull(c.get())).isPresent();
                // the cycle's scoring and writing: 15 s of the process's time, 15 minutes of the service's
                nanos.addAndGet(CYCLE.toNanos());
                service.advance(CYCLE.multipliedBy(SPEED));
                Instant now = service.instant();
                List<HealthObservation> health = AlertEvaluation.health(jobs, now);
                for (HealthObservation h : health) {
                    if (h.catchingUp()) {
                        longestWithoutProgress = max(longestWithoutProgress, h.sinceProgress());
                        longestLagWhileCatchingUp = max(longestLagWhileCatchingUp, h.behind());
                    }
                }
                engine.evaluate(now, List.of(), health).transitions()
                    .forEach(t -> transitions.add(t.rule() + " " + t.kind() + " " + t.labels().get("job") + " at " + t.at()));
                assertThat(j.datafeed().commit(c.get())).isTrue();
                if (c.get().kind() == Cycle.Kind.LIVE) {
                    caughtUp.add(j.id());
                }
                cycles++;
            }
            assertThat(cycles).as("cycles before every job caught up").isLessThan(100);
        }
        // Each job pulls 6 h per turn of three cycles while the service clock moves 45 minutes. The k-th cycle (from 0)
        // of the i-th job (from 0) is planned after (3k + i) cycles of 15 service minutes, its checkpoint 6k h into the
        // 48 h: it is within one chunk (LIVE) once 48 + 0.75 k + 0.25 i - 6 k <= 6 h, i.e. k = 8 for mdm-a, 9 for mdm-b
        // and mdm-c; the tenth turn ends the loop: 30 cycles. The lag while catching up was up to 2 days, far beyond 10m;
        // the longest time without progress is one turn: a job commits, then waits for the other two jobs' cycles
        // and its own (3 x 15 s).
        assertThat(cycles).isEqualTo(30);
        assertThat(longestLagWhileCatchingUp).isGreaterThan(Duration.ofDays(1));
        assertThat(longestWithoutProgress).isEqualTo(CYCLE.multipliedBy(3));
        assertThat(transitions).isEmpty();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
