package io.kizashi.datafeed;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.testing.BruteForce;
import io.kizashi.datafeed.testing.Collector;
import io.kizashi.datafeed.testing.TestLogs;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.MutableClock;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time without progress is read on the datafeed's monotonic clock (here a counter moved by hand), never on its data
 * clock: it restarts when the checkpoint is loaded, when a committed cycle leaves the datafeed no more than a bucket
 * further behind than its best since it was caught up or loaded, and when nothing is due, and only then.
 */
@WithElasticsearch
class ProgressClockTest {

    static final Instant FROM = Instant.parse("2025-03-05T10:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofHours(2));

    @Test
    void timeWithoutProgressRestartsOnLoadCommitAndCaughtUpOnly(ElasticsearchClient client, IndexPrefix prefix) {
        // 2 h of 5-minute buckets, at most 30 minutes per cycle: several backfill cycles
        Setup setup = setup(client, prefix, "progress", 7, "30m");
        MutableClock clock = setup.clock();
        AtomicLong nanos = setup.nanos();
        Datafeed feed = setup.feed();

        tick(nanos, Duration.ofMinutes(3));
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ofMinutes(3)); // since it was made
        Cycle first = feed.nextCycle().orElseThrow(); // loads the checkpoint (first start): progress
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ZERO);
        assertThat(feed.status().state()).isEqualTo(DatafeedStatus.State.BACKFILLING);

        // the data clock racing ahead (a simulated clock) is not time without progress
        clock.advance(Duration.ofHours(2));
        tick(nanos, Duration.ofSeconds(20));
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ofSeconds(20));

        // pulling is work, not progress; the commit (checkpoint moved forward) is
        assertThat(feed.pull(first)).isPresent();
        tick(nanos, Duration.ofMinutes(4));
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ofSeconds(260));
        assertThat(feed.commit(first)).isTrue();
        assertThat(feed.status().checkpoint()).isEqualTo(first.to()).isAfter(FROM);
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ZERO);

        // a cycle pulled but never committed (the consumer failed), then planned again: still no progress
        Cycle second = feed.nextCycle().orElseThrow();
        assertThat(feed.pull(second)).isPresent();
        tick(nanos, Duration.ofMinutes(11));
        assertThat(feed.nextCycle()).hasValueSatisfying(c -> assertThat(c.from()).isEqualTo(second.from()));
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ofMinutes(11));

        // catching up commits (the data clock is 2 h ahead: up to TO + 2 h) and ends when nothing is due, which
        // restarts the count too
        assertThat(feed.catchUp(new Collector())).isGreaterThan(1);
        assertThat(feed.status().checkpoint()).isEqualTo(TO.plus(Duration.ofHours(2)));
        assertThat(feed.status().state()).isEqualTo(DatafeedStatus.State.LIVE);
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ZERO);
        tick(nanos, Duration.ofMinutes(30));
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ofMinutes(30));
        assertThat(feed.nextCycle()).isEmpty(); // the data clock did not move: still caught up
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ZERO);
    }

    @Test
    void committingWhileFallingFurtherBehindIsNoProgress(ElasticsearchClient client, IndexPrefix prefix) {
        Setup setup = setup(client, prefix, "falling", 8, "20m");
        MutableClock clock = setup.clock();
        AtomicLong nanos = setup.nanos();
        Datafeed feed = setup.feed();

        // each cycle takes 20 s and covers 20 minutes of data while 30 minutes of data time pass: the lag grows by 10
        // minutes a cycle. The first commit after loading sets the reference lag (progress); the next three leave the
        // feed further behind than that, so they are not progress although the checkpoint moves
        for (int i = 0; i < 4; i++) {
            Cycle c = feed.nextCycle().orElseThrow();
            assertThat(Duration.between(c.from(), c.to())).isEqualTo(Duration.ofMinutes(20));
            assertThat(feed.pull(c)).isPresent();
            clock.advance(Duration.ofMinutes(30));
            tick(nanos, Duration.ofSeconds(20));
            assertThat(feed.commit(c)).isTrue();
            assertThat(feed.sinceProgress()).as("after commit %d", i + 1).isEqualTo(Duration.ofSeconds(20L * i));
        }
        assertThat(feed.status().state()).isEqualTo(DatafeedStatus.State.BACKFILLING);

        // the data clock stands still: the lag falls by 20 minutes a cycle, from 30 minutes above the reference to 10
        // above it (still no progress: more than a 5-minute bucket), then to 10 below it (progress)
        Cycle c = feed.nextCycle().orElseThrow();
        assertThat(feed.pull(c)).isPresent();
        tick(nanos, Duration.ofSeconds(20));
        assertThat(feed.commit(c)).isTrue();
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ofSeconds(80));
        c = feed.nextCycle().orElseThrow();
        assertThat(feed.pull(c)).isPresent();
        tick(nanos, Duration.ofSeconds(20));
        assertThat(feed.commit(c)).isTrue();
        assertThat(feed.sinceProgress()).isEqualTo(Duration.ZERO);
    }

    private record Setup(Datafeed feed, MutableClock clock, AtomicLong nanos) {
    }

    /** A job over 2 h of generated logs, its data clock at their end, its monotonic clock a counter moved by hand. */
    private static Setup setup(ElasticsearchClient client, IndexPrefix prefix, String id, long seed, String maxChunk) {
        String logs = prefix.index("logs-");
        TestLogs.index(client, logs, TestLogs.generate(seed, FROM, TO, 3));
        JobSpec job = BruteForce.job(id, logs, List.of("svc"), FROM, "pull: {max_chunk: " + maxChunk + "}");
        MutableClock clock = new MutableClock(TO.plus(job.source().queryDelay()));
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        Datafeed feed = Datafeed.create(job, client, clock,
            DatafeedOptions.defaults().withStateIndex(prefix.index("state")).withNanoTime(nanos::get));
        return new Setup(feed, clock, nanos);
    }

    private static void tick(AtomicLong nanos, Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
