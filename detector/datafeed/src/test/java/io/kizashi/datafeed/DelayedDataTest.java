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
 * Documents indexed after their bucket was handed on are found by the late-data check (exact counts
 * before and after), reported once, and with rescore re-pulled as revision batches.
 */
@WithElasticsearch
class DelayedDataTest {

    static final Instant FROM = Instant.parse("2025-03-03T01:00:00Z");
    static final Duration SPAN = Duration.ofMinutes(5);

    @Test
    void lateDocumentsAreReportedOnceWithExactCounts(ElasticsearchClient client, IndexPrefix prefix) {
        Scenario s = new Scenario(client, prefix, false);
        Collector collector = new Collector();
        s.feed.catchUp(collector);
        long before40 = s.jobDocs(s.docs, 40);
        long before50 = s.jobDocs(s.docs, 50);

        List<Doc> late = s.indexLateDocuments();
        s.clock.advance(SPAN);
        assertThat(s.feed.step(collector)).isTrue();

        BucketBatch live = collector.batches().getLast();
        assertThat(live.cycle().kind()).isEqualTo(Cycle.Kind.LIVE);
        // 40 and 50 minutes in are inside the 30-minute window; the document at 10 minutes is older; noise is filtered out.
        assertThat(live.delayedData()).containsExactly(
            new DelayedData(FROM.plus(Duration.ofMinutes(40)), before40, before40 + 3),
            new DelayedData(FROM.plus(Duration.ofMinutes(50)), before50, before50 + 7));
        assertThat(live.delayedData().getFirst().annotation()).contains("missed 3 documents", "query_delay");
        assertThat(s.feed.status().delayedBuckets()).isEqualTo(2);
        assertThat(s.feed.status().delayedDocuments()).isEqualTo(10);
        assertThat(late).hasSize(13);

        // Without rescore nothing is re-pulled, and the next check does not report the same documents again.
        s.clock.advance(SPAN);
        assertThat(s.feed.nextCycle()).hasValueSatisfying(c -> assertThat(c.kind()).isEqualTo(Cycle.Kind.LIVE));
        assertThat(s.feed.step(collector)).isTrue();
        assertThat(collector.batches().getLast().delayedData()).isEmpty();
        assertThat(s.feed.status().delayedBuckets()).isEqualTo(2);

        // A restart keeps the recorded counts: still nothing to report.
        s.clock.advance(SPAN);
        Datafeed restarted = Datafeed.create(s.job, client, s.clock, s.options);
        assertThat(restarted.step(collector)).isTrue();
        assertThat(collector.batches().getLast().delayedData()).isEmpty();
    }

    @Test
    void rescoreRepullsTheLateBucketsAsRevisions(ElasticsearchClient client, IndexPrefix prefix) {
        Scenario s = new Scenario(client, prefix, true);
        Collector collector = new Collector();
        s.feed.catchUp(collector);
        List<Doc> late = s.indexLateDocuments();
        s.clock.advance(SPAN);
        assertThat(s.feed.step(collector)).isTrue();
        assertThat(collector.batches().getLast().delayedData()).hasSize(2);

        // Two revision cycles (the buckets are not adjacent), before anything else.
        s.feed.catchUp(collector);
        List<BucketBatch> revisions = collector.batches().stream().filter(BucketBatch::revision).toList();
        assertThat(revisions).extracting(b -> b.cycle().from())
            .containsExactly(FROM.plus(Duration.ofMinutes(40)), FROM.plus(Duration.ofMinutes(50)));
        assertThat(revisions).allSatisfy(b -> assertThat(b.cycle().to()).isEqualTo(b.cycle().from().plus(SPAN)));
        assertThat(s.feed.status().checkpoint()).isEqualTo(FROM.plus(Duration.ofMinutes(65)));

        // The revised buckets equal the answer from all documents, late ones included.
        List<Doc> all = new ArrayList<>(s.docs);
        all.addAll(late);
        Map<SeriesKey, List<Bucket>> expected = BruteForce.expected(s.job, all, FROM, FROM.plus(Duration.ofMinutes(65)));
        for (BucketBatch b : revisions) {
            for (SeriesBuckets sb : b.series()) {
                List<Bucket> want = expected.get(sb.key()).stream().filter(x -> x.start().equals(sb.start())).toList();
                BruteForce.assertSameBuckets(sb.key(), want, sb.buckets());
            }
        }
        SeriesKey apiRequests = new SeriesKey(s.job.id(), "requests", Map.of("svc", "api"));
        Bucket revised = revisions.get(1).get(apiRequests).bucket(0);
        Bucket original = collector.sequences().get(apiRequests).stream()
            .filter(x -> x.start().equals(FROM.plus(Duration.ofMinutes(50)))).findFirst().orElseThrow();
        assertThat(revised.value()).isEqualTo(original.value() + 7);

        // Once revised, the next check finds nothing new.
        s.clock.advance(SPAN);
        assertThat(s.feed.step(collector)).isTrue();
        assertThat(collector.batches().getLast().revision()).isFalse();
        assertThat(collector.batches().getLast().delayedData()).isEmpty();
    }

    /** One hour of documents pulled live, then late documents. */
    private static final class Scenario {
        final ElasticsearchClient client;
        final String logs;
        final List<Doc> docs;
        final JobSpec job;
        final DatafeedOptions options;
        final MutableClock clock;
        final Datafeed feed;

        Scenario(ElasticsearchClient client, IndexPrefix prefix, boolean rescore) {
            this.client = client;
            this.logs = prefix.index("logs-");
            Instant hour = FROM.plus(Duration.ofHours(1));
            docs = TestLogs.generate(3, FROM, hour, 6);
            TestLogs.index(client, logs, docs);
            job = BruteForce.job("late", logs, List.of("svc"), FROM,
                "delayed_data_check: {window: 30m, frequency: 5m, rescore: " + rescore + "}");
            options = DatafeedOptions.defaults().withStateIndex(prefix.index("state"));
            clock = new MutableClock(hour.plus(job.source().queryDelay()));
            feed = Datafeed.create(job, client, clock, options);
        }

        /** Documents the job sees (kind=request) in the bucket starting {@code minute} minutes in. */
        long jobDocs(List<Doc> in, int minute) {
            long start = FROM.plus(Duration.ofMinutes(minute)).toEpochMilli();
            return in.stream().filter(d -> d.kind().equals("request") && d.ts() >= start && d.ts() < start + SPAN.toMillis()).count();
        }

        /** 3 requests at 40 min, 7 at 50 min (all service api), 2 at 10 min (outside the window), 1 noise at 50 min. */
        List<Doc> indexLateDocuments() {
            Doc template = new Doc("x", 0, "api", "api-1", "t5", 503, 77, 300L, "request", "GET");
            List<Doc> late = new ArrayList<>();
            int n = 0;
            for (int[] spec : new int[][] {{40, 3}, {50, 7}, {10, 2}}) {
                for (int i = 0; i < spec[1]; i++) {
                    late.add(template.at(FROM.plus(Duration.ofMinutes(spec[0])).toEpochMilli() + 1000L * i, "late-" + n++));
                }
            }
            late.add(new Doc("late-noise", FROM.plus(Duration.ofMinutes(51)).toEpochMilli(), "api", "api-1", "t5", 200, 5, null,
                "noise", "GET"));
            TestLogs.index(client, logs, late);
            return late;
        }
    }
}
