package io.kizashi.datafeed;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.SplitSpec;
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
 * The known-series registry: a series that goes silent keeps getting explicit empty buckets until
 * series_ttl, then is forgotten and starts afresh when it comes back; max_series refuses newcomers
 * loudly; none of this depends on how the range is cut into cycles.
 */
@WithElasticsearch
class SeriesRegistryTest {

    static final Instant FROM = Instant.parse("2025-03-05T00:00:00Z");
    static final Instant END = FROM.plus(Duration.ofHours(2));
    static final Duration SPAN = Duration.ofMinutes(5);

    @Test
    void silentSeriesGetEmptyBucketsUntilTheirTtlAndMaxSeriesRefusesNewcomers(ElasticsearchClient client, IndexPrefix prefix) {
        List<Doc> docs = TestLogs.generate(21, FROM, END, 10);
        String logs = prefix.index("logs-");
        TestLogs.index(client, logs, docs);
        String tuning = "pull: {max_chunk: %s}";
        Collector small = run(client, prefix, logs, "chunks", tuning.formatted("15m"));
        Collector whole = run(client, prefix, logs, "whole", tuning.formatted("1d"));

        // Same buckets whatever the cycles (job ids differ, so compare by metric and split values).
        assertThat(small.batches().size()).isGreaterThan(whole.batches().size());
        assertThat(strip(small)).isEqualTo(strip(whole));

        Map<SeriesKey, List<Bucket>> seq = small.sequences();
        SeriesKey db = key("chunks", "db", "db-1");
        // db-1 is silent from 30 to 60 minutes: empty buckets at 30 and 35 (ttl 15m after its last at 25), then
        // forgotten; back at 60 as a new series (its runs are delivered separately).
        List<Instant> dbStarts = new ArrayList<>();
        small.batches().forEach(b -> b.series().stream().filter(s -> s.key().equals(db))
            .forEach(s -> s.buckets().forEach(x -> dbStarts.add(x.start()))));
        List<Instant> expectedStarts = new ArrayList<>();
        for (int m = 0; m < 120; m += 5) {
            if (m < 40 || m >= 60) {
                expectedStarts.add(FROM.plus(Duration.ofMinutes(m)));
            }
        }
        assertThat(dbStarts).containsExactlyElementsOf(expectedStarts);
        assertThat(seq.get(db)).filteredOn(b -> b.start().equals(FROM.plus(Duration.ofMinutes(35))))
            .singleElement().satisfies(b -> {
                assertThat(b.value()).isZero();
                assertThat(b.docCount()).isZero();
            });

        // max_series 4: api-1, api-2, auth-1, db-1 fill it from the first bucket; api-3 (20 min) and auth-2
        // (from 75 min) are refused, db-1 gets its place back at 60 min because it was forgotten.
        assertThat(seq.keySet()).extracting(k -> k.splits().get("pod")).containsOnly("api-1", "api-2", "auth-1", "db-1");
        List<RefusedSeries> refused = small.batches().stream().map(BucketBatch::refused).filter(r -> r.count() > 0).toList();
        assertThat(refused).flatExtracting(RefusedSeries::sample).extracting(k -> k.splits().get("pod"))
            .contains("api-3", "auth-2").doesNotContain("api-1", "api-2", "auth-1", "db-1");
        assertThat(small.batches()).allSatisfy(b -> assertThat(b.refused().count()).isEqualTo(b.refused().sample().size()));

        // The values of the kept series are those of their documents.
        Map<SeriesKey, List<Bucket>> expected = BruteForce.expected(
            BruteForce.job("chunks", logs, List.of("svc", "pod"), FROM, ""), docs, FROM, END);
        for (String pod : List.of("api-1", "api-2", "auth-1")) {
            SeriesKey k = key("chunks", pod.substring(0, pod.indexOf('-')), pod);
            BruteForce.assertSameBuckets(k, expected.get(k), seq.get(k));
        }
    }

    private static Collector run(ElasticsearchClient client, IndexPrefix prefix, String logs, String id, String tuning) {
        JobSpec limited = BruteForce.job(id, logs, List.of("svc", "pod"), FROM, tuning)
            .withSplit(new SplitSpec(List.of("svc", "pod"), 4, Duration.ofMinutes(15)));
        Datafeed feed = Datafeed.create(limited, client, new MutableClock(END.plus(Duration.ofMinutes(1))),
            DatafeedOptions.defaults().withStateIndex(prefix.index("state")));
        Collector c = new Collector();
        feed.catchUp(c);
        assertThat(feed.status().checkpoint()).isEqualTo(END);
        assertThat(feed.status().knownSeries()).isEqualTo(4);
        assertThat(feed.status().refusedSeries()).isPositive();
        return c;
    }

    private static List<String> strip(Collector c) {
        List<String> out = new ArrayList<>();
        c.batches().forEach(b -> b.series().forEach(s -> s.buckets().forEach(x ->
            out.add(s.key().metric() + s.key().splits() + x))));
        out.sort(null);
        return out;
    }

    private static SeriesKey key(String job, String svc, String pod) {
        return new SeriesKey(job, "requests", Map.of("svc", svc, "pod", pod));
    }
}
