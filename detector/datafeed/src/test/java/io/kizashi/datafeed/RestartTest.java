package io.kizashi.datafeed;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.testing.BruteForce;
import io.kizashi.datafeed.testing.Collector;
import io.kizashi.datafeed.testing.Doc;
import io.kizashi.testkit.MutableClock;
import io.kizashi.datafeed.testing.TestLogs;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restarts (a new Datafeed on the same state index) at every point of a cycle, during the backfill and in
 * live mode: the buckets handed on per series have no gap and no duplicate, except the re-delivery that
 * at-least-once promises when the process stops between handing a batch on and committing it, and that
 * re-delivery is identical.
 */
@WithElasticsearch
class RestartTest {

    static final Instant FROM = Instant.parse("2025-03-02T22:00:00Z");
    static final Duration SPAN = Duration.ofMinutes(5);

    @Test
    void restartsInBackfillAndLiveModeLoseAndDuplicateNothing(ElasticsearchClient client, IndexPrefix prefix) {
        Instant end = FROM.plus(Duration.ofHours(3));
        List<Doc> docs = TestLogs.generate(11, FROM, end, 8);
        String logs = prefix.index("logs-");
        TestLogs.index(client, logs, docs);
        JobSpec job = BruteForce.job("restart", logs, List.of("svc", "pod"), FROM, "pull: {max_chunk: 15m, page_size: 3}");
        DatafeedOptions options = DatafeedOptions.defaults().withStateIndex(prefix.index("state"));
        MutableClock clock = new MutableClock(FROM.plus(Duration.ofHours(2)).plus(job.source().queryDelay()));
        Collector collector = new Collector();
        List<BucketBatch> handedOnNotCommitted = new ArrayList<>();

        // Backfill: 24 buckets in cycles of 3.
        Datafeed feed = Datafeed.create(job, client, clock, options);
        assertThat(feed.step(collector)).isTrue();
        assertThat(feed.step(collector)).isTrue();
        assertThat(collector.batches()).extracting(b -> b.cycle().kind()).containsOnly(Cycle.Kind.BACKFILL);
        // 1. Stop right after a commit.
        feed = Datafeed.create(job, client, clock, options);
        assertThat(feed.nextCycle()).hasValueSatisfying(c -> assertThat(c.from()).isEqualTo(FROM.plus(SPAN.multipliedBy(6))));
        // 2. Stop after planning: nothing pulled.
        feed = Datafeed.create(job, client, clock, options);
        Cycle c = feed.nextCycle().orElseThrow();
        assertThat(feed.pull(c)).isPresent();
        // 3. Stop after pulling, before handing on: the batch is lost with the process, never seen.
        feed = Datafeed.create(job, client, clock, options);
        c = feed.nextCycle().orElseThrow();
        BucketBatch lost = feed.pull(c).orElseThrow();
        collector.accept(lost);
        handedOnNotCommitted.add(lost);
        // 4. Stop after handing on, before the commit: the range comes again.
        feed = Datafeed.create(job, client, clock, options);
        assertThat(feed.nextCycle()).hasValueSatisfying(again -> assertThat(again.from()).isEqualTo(lost.cycle().from()));
        feed.catchUp(collector);
        assertThat(feed.status().checkpoint()).isEqualTo(FROM.plus(Duration.ofHours(2)));
        assertThat(feed.status().state()).isEqualTo(DatafeedStatus.State.LIVE);

        // Live: one bucket at a time, with the same kinds of stops.
        int step = 0;
        while (clock.instant().isBefore(end.plus(job.source().queryDelay()))) {
            clock.advance(SPAN);
            step++;
            switch (step % 4) {
                case 0 -> {
                    feed = Datafeed.create(job, client, clock, options);
                    assertThat(feed.step(collector)).isTrue();
                }
                case 1 -> {
                    c = feed.nextCycle().orElseThrow();
                    assertThat(c.kind()).isEqualTo(Cycle.Kind.LIVE);
                    BucketBatch handedOn = feed.pull(c).orElseThrow();
                    collector.accept(handedOn);
                    handedOnNotCommitted.add(handedOn);
                    feed = Datafeed.create(job, client, clock, options);
                    assertThat(feed.step(collector)).isTrue();
                }
                case 2 -> {
                    c = feed.nextCycle().orElseThrow();
                    feed.pull(c).orElseThrow();
                    feed = Datafeed.create(job, client, clock, options);
                    assertThat(feed.step(collector)).isTrue();
                }
                default -> assertThat(feed.step(collector)).isTrue();
            }
            assertThat(feed.nextCycle()).as("caught up after step %d", step).isEmpty();
        }
        assertThat(feed.status().checkpoint()).isEqualTo(end);

        // The full sequences: contiguous, equal to the answer from the documents.
        Map<SeriesKey, List<Bucket>> expected = BruteForce.expected(job, docs, FROM, end);
        assertThat(collector.sequences().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        Collector.assertContiguous(collector.sequences(), SPAN);
        expected.forEach((key, buckets) -> BruteForce.assertSameBuckets(key, buckets, collector.sequences().get(key)));
        // Re-deliveries: exactly the buckets of the cycles handed on but not committed, with the same values.
        assertThat(collector.redelivered()).isNotEmpty().allSatisfy(d -> {
            assertThat(handedOnNotCommitted).anySatisfy(hc -> assertThat(!d.bucket().start().isBefore(hc.cycle().from())
                && d.bucket().start().isBefore(hc.cycle().to())).isTrue());
            Bucket first = collector.sequences().get(d.key()).stream().filter(b -> b.start().equals(d.bucket().start())).findFirst().orElseThrow();
            BruteForce.assertSameBuckets(d.key(), List.of(first), List.of(d.bucket()));
        });
        long expectedRedeliveries = handedOnNotCommitted.stream().mapToLong(BucketBatch::bucketCount).sum();
        assertThat(handedOnNotCommitted).hasSize(4);
        assertThat(collector.redelivered()).hasSize((int) expectedRedeliveries);
    }
}
