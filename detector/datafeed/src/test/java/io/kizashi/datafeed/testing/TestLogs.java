package io.kizashi.datafeed.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.elasticsearch.IndexDocument;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded test logs with known structure: three services, pods that come and go, a silent stretch, docs
 * without a pod or without bytes, noise that the job filter drops; indexed into daily indices.
 */
public final class TestLogs {

    public static final String MAPPINGS = """
        {"properties": {"@timestamp": {"type": "date"}, "svc": {"type": "keyword"}, "pod": {"type": "keyword"},
          "tenant": {"type": "keyword"}, "status": {"type": "long"}, "dur": {"type": "long"}, "bytes": {"type": "long"},
          "kind": {"type": "keyword"}, "method": {"type": "keyword"}}}""";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    private TestLogs() {
    }

    /**
     * Documents in [from, to) at ~{@code perMinute} per minute. Pods: api-1 and api-2 throughout, api-3 with a
     * single document 20 minutes in, auth-1 throughout, auth-2 from 75 minutes on, db-1 silent from 30 to 60
     * minutes; 5 % lack a pod, db never has bytes, others 30 % of the time.
     */
    public static List<Doc> generate(long seed, Instant from, Instant to, int perMinute) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Doc> out = new ArrayList<>();
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        int n = 0;
        for (long minute = start; minute < end; minute += 60_000) {
            long offsetMin = (minute - start) / 60_000;
            int count = perMinute / 2 + r.nextInt(perMinute + 1);
            for (int i = 0; i < count; i++) {
                long ts = minute + r.nextInt(60_000);
                String svc = switch (r.nextInt(10)) {
                    case 0, 1, 2, 3, 4 -> "api";
                    case 5, 6, 7 -> "auth";
                    default -> "db";
                };
                if (svc.equals("db") && offsetMin >= 30 && offsetMin < 60) {
                    continue;
                }
                String pod = switch (svc) {
                    case "api" -> "api-" + (1 + r.nextInt(2));
                    case "auth" -> offsetMin >= 75 && r.nextBoolean() ? "auth-2" : "auth-1";
                    default -> "db-1";
                };
                if (r.nextInt(20) == 0) {
                    pod = null;
                }
                int s = r.nextInt(100);
                int status = s < 85 ? 200 : s < 90 ? 404 : s < 96 ? 500 : 503;
                long dur = 1 + (long) Math.exp(3 + 1.2 * r.nextGaussian());
                Long bytes = svc.equals("db") || r.nextInt(10) < 3 ? null : (long) (100 + r.nextInt(5000));
                String kind = r.nextInt(10) == 0 ? "noise" : "request";
                String method = r.nextBoolean() ? "GET" : "POST";
                out.add(new Doc("d" + n++, ts, svc, pod, "t" + r.nextInt(12), status, dur, bytes, kind, method));
            }
        }
        long single = start + Duration.ofMinutes(20).toMillis() + 1234;
        if (single < end) {
            out.add(new Doc("d" + n, single, "api", "api-3", "t1", 200, 42, 100L, "request", "GET"));
        }
        return out;
    }

    /** The daily index a document goes to: {@code <prefix>yyyy.MM.dd}. */
    public static String indexFor(String prefix, long ts) {
        return prefix + DAY.format(Instant.ofEpochMilli(ts));
    }

    /** Creates the daily indices (mapping above) and indexes the documents; searchable on return. */
    public static void index(ElasticsearchClient client, String prefix, List<Doc> docs) {
        IndexAdmin admin = new IndexAdmin(client);
        docs.stream().map(d -> indexFor(prefix, d.ts())).distinct()
            .forEach(ix -> admin.createIndexIfAbsent(ix, IndexAdmin.Settings.defaults(), MAPPINGS));
        try (BulkIndexer bulk = new BulkIndexer(client)) {
            for (Doc d : docs) {
                bulk.add(IndexDocument.of(indexFor(prefix, d.ts()), d.id(), d.source()));
            }
            BulkIndexer.Result result = bulk.flush();
            if (!result.ok()) {
                throw new IllegalStateException("test documents not indexed: " + result.summary());
            }
        }
        admin.refresh(prefix + "*");
    }
}
