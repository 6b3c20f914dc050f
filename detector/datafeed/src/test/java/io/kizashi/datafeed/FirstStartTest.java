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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A first start without {@code start}: the backfill begins at the bucket of the job's earliest matching
 * document when the data begins after the lookback start (not days of empty buckets), and at the
 * lookback start when there is nothing at all.
 */
@WithElasticsearch
class FirstStartTest {

    static final Instant DATA_FROM = Instant.parse("2025-03-05T10:00:00Z");
    static final Instant DATA_TO = DATA_FROM.plus(Duration.ofHours(2));
    static final Duration SPAN = Duration.ofMinutes(5);

    @Test
    void beginsAtTheEarliestMatchingDocumentWithinTheLookback(ElasticsearchClient client, IndexPrefix prefix) {
        List<Doc> docs = TestLogs.generate(5, DATA_FROM, DATA_TO, 6);
        String logs = prefix.index("logs-");
        TestLogs.index(client, logs, docs);
        JobSpec job = lookbackJob("first", logs, Duration.ofDays(2));
        MutableClock clock = new MutableClock(DATA_TO.plus(job.source().queryDelay()));
        // Worked out from the documents: the earliest one the job's filter keeps, floored to the span.
        long earliest = docs.stream().filter(d -> d.kind().equals("request")).mapToLong(Doc::ts).min().orElseThrow();
        Instant expectedStart = Instant.ofEpochMilli(Math.floorDiv(earliest, SPAN.toMillis()) * SPAN.toMillis());
        assertThat(expectedStart).isBetween(DATA_FROM, DATA_FROM.plus(SPAN));

        Datafeed feed = Datafeed.create(job, client, clock, DatafeedOptions.defaults().withStateIndex(prefix.index("state")));
        assertThat(feed.nextCycle()).hasValueSatisfying(c -> assertThat(c.from()).isEqualTo(expectedStart));
        Collector collector = new Collector();
        feed.catchUp(collector);
        assertThat(feed.status().checkpoint()).isEqualTo(DATA_TO);
        assertThat(feed.status().progress().bucketsTotal()).isEqualTo(Duration.between(expectedStart, DATA_TO).dividedBy(SPAN));
        // The same buckets as a job told to start there.
        Map<SeriesKey, List<Bucket>> expected = BruteForce.expected(job, docs, expectedStart, DATA_TO);
        assertThat(collector.sequences().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, buckets) -> BruteForce.assertSameBuckets(key, buckets, collector.sequences().get(key)));
    }

    @Test
    void withNoDocumentsAtAllItBeginsAtTheLookbackStart(ElasticsearchClient client, IndexPrefix prefix) {
        String logs = prefix.index("empty-");
        TestLogs.index(client, logs, List.of());
        JobSpec job = lookbackJob("nothing", logs, Duration.ofHours(6));
        Instant now = DATA_TO.plus(Duration.ofSeconds(90));
        MutableClock clock = new MutableClock(now);
        Datafeed feed = Datafeed.create(job, client, clock, DatafeedOptions.defaults().withStateIndex(prefix.index("state")));
        // complete end = floor(now - query_delay) = DATA_TO; six hours before it.
        assertThat(feed.nextCycle()).hasValueSatisfying(c -> assertThat(c.from()).isEqualTo(DATA_TO.minus(Duration.ofHours(6))));
    }

    private static JobSpec lookbackJob(String id, String logs, Duration lookback) {
        JobSpec withStart = BruteForce.job(id, logs, List.of("svc"), DATA_FROM, "");
        return withStart.withSource(withStart.source().withStart(null).withLookback(lookback));
    }
}
