package io.kizashi.datafeed;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonData;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.testing.BruteForce;
import io.kizashi.datafeed.testing.Collector;
import io.kizashi.datafeed.testing.Doc;
import io.kizashi.testkit.MutableClock;
import io.kizashi.datafeed.testing.TestLogs;
import io.kizashi.elasticsearch.EsClients;
import io.kizashi.elasticsearch.EsConnectionConfig;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.SharedElasticsearch;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elasticsearch going away, a job that cannot work, and a cluster that refuses big answers: jobs pause
 * with a clear error and a next attempt, never throw, never lose a bucket, and do not hold others up.
 */
@WithElasticsearch
class FailureTest {

    static final Instant FROM = Instant.parse("2025-03-04T08:00:00Z");
    static final Duration SPAN = Duration.ofMinutes(5);
    static final String PASSWORD = "s3cret-Pa55word";

    @Test
    void elasticsearchStoppedThenRestartedTheJobCatchesUpWithNoLoss(SharedElasticsearch es, ElasticsearchClient shared,
                                                                     IndexPrefix prefix) throws Exception {
        Instant end = FROM.plus(Duration.ofHours(2));
        List<Doc> docs = TestLogs.generate(5, FROM, end, 6);
        String logs = prefix.index("logs-");
        TestLogs.index(shared, logs, docs);
        JobSpec job = BruteForce.job("outage", logs, List.of("svc"), FROM,
            "pull: {request_timeout: 3s, retries: 1, retry_backoff: 10ms, pause_backoff: 1s, max_pause: 4s, max_chunk: 30m}");
        // The service's way to connect: its own client, with credentials (ignored by the test node) and timeouts.
        EsConnectionConfig connection = EsConnectionConfig.of(es.uri().toString()).withBasicAuth("kizashi", PASSWORD)
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));
        ElasticsearchClient client = EsClients.create(connection);
        try {
            MutableClock clock = new MutableClock(FROM.plus(Duration.ofMinutes(30)).plus(job.source().queryDelay()));
            DatafeedOptions options = DatafeedOptions.defaults().withStateIndex(prefix.index("state"));
            Datafeed feed = Datafeed.create(job, client, clock, options);
            Collector collector = new Collector();
            feed.catchUp(collector);
            assertThat(feed.status().checkpoint()).isEqualTo(FROM.plus(Duration.ofMinutes(30)));
            int batchesBefore = collector.batches().size();

            es.stop();
            clock.advance(Duration.ofMinutes(40));
            Cycle c = feed.nextCycle().orElseThrow();
            assertThat(feed.pull(c)).isEmpty();
            DatafeedStatus paused = feed.status();
            assertThat(paused.state()).isEqualTo(DatafeedStatus.State.PAUSED);
            assertThat(paused.lastError()).contains("cannot reach Elasticsearch").doesNotContain(PASSWORD);
            assertThat(paused.nextAttempt()).isEqualTo(clock.instant().plusSeconds(1));
            assertThat(paused.consecutiveFailures()).isEqualTo(1);
            long requests = paused.requests();

            // While paused nothing is tried.
            assertThat(feed.nextCycle()).isEmpty();
            assertThat(feed.status().requests()).isEqualTo(requests);

            // Still down at the next attempt: the pause doubles, then stays at max_pause.
            clock.advance(Duration.ofSeconds(1));
            assertThat(feed.pull(feed.nextCycle().orElseThrow())).isEmpty();
            assertThat(feed.status().nextAttempt()).isEqualTo(clock.instant().plusSeconds(2));
            clock.advance(Duration.ofSeconds(2));
            assertThat(feed.pull(feed.nextCycle().orElseThrow())).isEmpty();
            clock.advance(Duration.ofSeconds(4));
            assertThat(feed.pull(feed.nextCycle().orElseThrow())).isEmpty();
            assertThat(feed.status().nextAttempt()).isEqualTo(clock.instant().plusSeconds(4));
            assertThat(feed.status().consecutiveFailures()).isEqualTo(4);
            assertThat(collector.batches()).hasSize(batchesBefore);

            // Back: the job catches up from its checkpoint.
            es.node();
            clock.set(end.plus(job.source().queryDelay()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!end.equals(feed.status().checkpoint()) && System.nanoTime() < deadline) {
                if (!feed.step(collector) && feed.status().state() == DatafeedStatus.State.PAUSED) {
                    Thread.sleep(200); // shards may take a moment to recover after the restart
                    clock.advance(job.pull().maxPause());
                }
            }
            assertThat(feed.status().checkpoint()).isEqualTo(end);
            assertThat(feed.status().state()).isEqualTo(DatafeedStatus.State.LIVE);
            assertThat(feed.status().consecutiveFailures()).isZero();

            Map<SeriesKey, List<Bucket>> expected = BruteForce.expected(job, docs, FROM, end);
            assertThat(collector.sequences().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            Collector.assertContiguous(collector.sequences(), SPAN);
            expected.forEach((key, buckets) -> BruteForce.assertSameBuckets(key, buckets, collector.sequences().get(key)));
            assertThat(collector.redelivered()).isEmpty();
        } finally {
            client._transport().close();
        }
    }

    @Test
    void aFailingJobDoesNotHoldUpTheOthers(ElasticsearchClient client, IndexPrefix prefix) {
        Instant end = FROM.plus(Duration.ofHours(1));
        List<Doc> docs = TestLogs.generate(9, FROM, end, 4);
        String logs = prefix.index("logs-");
        TestLogs.index(client, logs, docs);
        DatafeedOptions options = DatafeedOptions.defaults().withStateIndex(prefix.index("state"));
        MutableClock clock = new MutableClock(end.plus(Duration.ofMinutes(1)));
        JobSpec good = BruteForce.job("good", logs, List.of("svc"), FROM, "pull: {max_chunk: 15m}");
        // A concrete index name that does not exist is an error (a pattern would just match nothing).
        JobSpec bad = good.withId("bad").withSource(good.source().withIndices(List.of(prefix.index("no-such-index"))));
        Datafeed goodFeed = Datafeed.create(good, client, clock, options);
        Datafeed badFeed = Datafeed.create(bad, client, clock, options);
        Collector goodBatches = new Collector();
        for (int round = 0; round < 10; round++) {
            badFeed.step(b -> {
                throw new AssertionError("the bad job produced a batch");
            });
            goodFeed.step(goodBatches);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(goodFeed.status().checkpoint()).isEqualTo(end);
        assertThat(badFeed.status().state()).isEqualTo(DatafeedStatus.State.PAUSED);
        assertThat(badFeed.status().lastError()).contains("404", "index_not_found_exception", "no-such-index");
        assertThat(badFeed.status().checkpoint()).isEqualTo(FROM);
        BruteForce.expected(good, docs, FROM, end)
            .forEach((key, buckets) -> BruteForce.assertSameBuckets(key, buckets, goodBatches.sequences().get(key)));
    }

    @Test
    void aClusterWithALowBucketLimitGetsSmallerRequests(ElasticsearchClient client, IndexPrefix prefix) throws IOException {
        Instant end = FROM.plus(Duration.ofHours(2));
        List<Doc> docs = TestLogs.generate(13, FROM, end, 4);
        String logs = prefix.index("logs-");
        TestLogs.index(client, logs, docs);
        JobSpec job = BruteForce.job("small-buckets", logs, List.of("svc", "pod"), FROM, "");
        Datafeed feed = Datafeed.create(job, client, new MutableClock(end.plus(Duration.ofMinutes(1))),
            DatafeedOptions.defaults().withStateIndex(prefix.index("state")));
        Collector collector = new Collector();
        client.cluster().putSettings(s -> s.transient_("search.max_buckets", JsonData.of(40)));
        try {
            for (int i = 0; i < 40 && !end.equals(feed.status().checkpoint()); i++) {
                feed.step(collector);
            }
        } finally {
            client.cluster().putSettings(s -> s.transient_("search.max_buckets", JsonData.of(65536)));
        }
        assertThat(feed.status().checkpoint()).isEqualTo(end);
        assertThat(feed.status().lastError()).contains("too_many_buckets_exception");
        assertThat(feed.status().state()).isEqualTo(DatafeedStatus.State.LIVE);
        assertThat(collector.batches().size()).isGreaterThan(2);
        BruteForce.expected(job, docs, FROM, end)
            .forEach((key, buckets) -> BruteForce.assertSameBuckets(key, buckets, collector.sequences().get(key)));
    }

    @Test
    void aSecondProcessOnTheSameJobStopsInsteadOfOverwriting(ElasticsearchClient client, IndexPrefix prefix) {
        Instant end = FROM.plus(Duration.ofMinutes(30));
        String logs = prefix.index("logs-");
        TestLogs.index(client, logs, TestLogs.generate(17, FROM, end, 4));
        JobSpec job = BruteForce.job("twice", logs, List.of("svc"), FROM, "pull: {max_chunk: 10m}");
        DatafeedOptions options = DatafeedOptions.defaults().withStateIndex(prefix.index("state"));
        MutableClock clock = new MutableClock(end.plus(Duration.ofMinutes(1)));
        Datafeed first = Datafeed.create(job, client, clock, options);
        Datafeed second = Datafeed.create(job, client, clock, options);
        Cycle c1 = first.nextCycle().orElseThrow();
        Cycle c2 = second.nextCycle().orElseThrow();
        assertThat(c2).isEqualTo(c1);
        first.pull(c1).orElseThrow();
        assertThat(first.commit(c1)).isTrue();

        second.pull(c2).orElseThrow();
        assertThat(second.commit(c2)).isFalse();
        assertThat(second.status().state()).isEqualTo(DatafeedStatus.State.FAILED);
        assertThat(second.status().lastError()).contains("changed by another writer", "two Kizashi processes");
        assertThat(second.nextCycle()).isEmpty();
        // The first one is unaffected and finishes.
        first.catchUp(b -> { });
        assertThat(first.status().checkpoint()).isEqualTo(end);
    }
}
