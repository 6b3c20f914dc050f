package io.kizashi.datafeed;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.testing.BruteForce;
import io.kizashi.datafeed.testing.Collector;
import io.kizashi.datafeed.testing.Doc;
import io.kizashi.datafeed.testing.TestLogs;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric function, split by 0, 1 and 2 fields, pulled through tiny composite pages and small
 * chunks, equals the answer computed from the same documents in Java.
 */
@WithElasticsearch
class PullAccuracyTest {

    // 23:00 UTC: the two hours cross midnight, so the documents live in two daily indices (two shards).
    static final Instant FROM = Instant.parse("2025-03-02T23:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofHours(2));

    static Stream<List<String>> splits() {
        return Stream.of(List.of(), List.of("svc"), List.of("svc", "pod"));
    }

    @ParameterizedTest
    @MethodSource("splits")
    void everyFunctionEqualsTheBruteForceAnswer(List<String> split, ElasticsearchClient client, IndexPrefix prefix) {
        List<Doc> docs = TestLogs.generate(7, FROM, TO, 12);
        String logs = prefix.index("logs-");
        TestLogs.index(client, logs, docs);
        // page_size 2 and 20 buckets per request force several pages per query and several chunks.
        JobSpec job = BruteForce.job("accuracy-" + split.size(), logs, split, FROM, "pull: {page_size: 2, max_buckets: 20}");
        Clock clock = Clock.fixed(TO.plus(job.source().queryDelay()), ZoneOffset.UTC);
        Datafeed feed = Datafeed.create(job, client, clock, DatafeedOptions.defaults().withStateIndex(prefix.index("state")));
        Collector collector = new Collector();

        int cycles = feed.catchUp(collector);

        assertThat(feed.status().lastError()).isNull();
        assertThat(feed.status().state()).isEqualTo(DatafeedStatus.State.LIVE);
        assertThat(feed.status().checkpoint()).isEqualTo(TO);
        assertThat(cycles).isGreaterThan(1);
        assertThat(collector.batches().getFirst().cycle().kind()).isEqualTo(Cycle.Kind.BACKFILL);
        assertThat(collector.batches().getLast().cycle().kind()).isEqualTo(Cycle.Kind.LIVE);
        if (split.size() == 2) {
            // More entities than fit a page: every chunk needed several composite pages.
            assertThat(collector.batches()).allSatisfy(b -> assertThat(b.requests()).isGreaterThan(2));
        }
        assertThat(collector.redelivered()).isEmpty();
        Map<SeriesKey, List<Bucket>> expected = BruteForce.expected(job, docs, FROM, TO);
        assertThat(collector.sequences().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, buckets) -> BruteForce.assertSameBuckets(key, buckets, collector.sequences().get(key)));
        // The data has what makes the comparison meaningful: empty buckets, late-starting series, missing values.
        long missing = expected.values().stream().flatMap(List::stream).filter(Bucket::missing).count();
        long empty = expected.values().stream().flatMap(List::stream).filter(b -> b.docCount() == 0).count();
        assertThat(missing).isPositive();
        assertThat(empty).isPositive();
        if (split.size() == 2) {
            assertThat(expected.keySet()).anySatisfy(k -> assertThat(expected.get(k).getFirst().start()).isAfter(FROM));
        }
    }
}
