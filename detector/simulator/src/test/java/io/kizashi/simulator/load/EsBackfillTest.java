package io.kizashi.simulator.load;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.simulator.GroundTruth;
import io.kizashi.simulator.Incident;
import io.kizashi.simulator.IncidentKind;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.SimulationConfig;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backfills a slice into a real node and measures the same statistics through Elasticsearch
 * aggregations that a detector would use, comparing them with the generator's ground truth.
 */
@WithElasticsearch
class EsBackfillTest {

    static final Instant START = Instant.parse("2025-03-02T15:00:00Z"); // Monday 00:00 JST
    static final Instant ONSET = START.plus(Duration.ofHours(10));      // 10:00 JST
    static final Instant INC_START = ONSET.plus(Duration.ofMinutes(30));
    static final Instant INC_END = INC_START.plus(Duration.ofMinutes(20));

    static SimulationConfig config(IndexPrefix prefix) {
        SimulationConfig base = new SimulationConfig(5, START, 3.0, 0.003, SimulationConfig.TOKYO, prefix.index("logs-mdm-"),
            "mdm-prod", io.kizashi.simulator.MdmCatalog.services(), 400, 0, 0, List.of(), Duration.ofMinutes(2), 6);
        return base.withIncident(base.incident("inc-test-pool", IncidentKind.DB_POOL_SATURATION, "inventory", ONSET, INC_START, INC_END));
    }

    @Test
    void aggregationsInElasticsearchMatchTheGroundTruth(ElasticsearchClient client, IndexPrefix prefix) throws IOException {
        SimulationConfig cfg = config(prefix);
        LogGenerator g = new LogGenerator(cfg);
        Instant from = ONSET.minus(Duration.ofMinutes(60));
        Instant to = INC_END.plus(Duration.ofMinutes(40));
        LoadReport report = new EsLogLoader(client, BulkIndexer.Options.defaults()).backfill(g, from, to, Duration.ofMinutes(30), null);
        assertThat(report.failed()).isZero();
        assertThat(report.indexed()).isEqualTo(report.documents()).isGreaterThan(50_000);
        String pattern = cfg.indexPrefix() + "*";
        assertThat(client.count(c -> c.index(pattern)).count()).isEqualTo(report.documents());
        // Refresh was restored after the load.
        String refresh = client.indices().getSettings(s -> s.index(pattern)).settings().values().iterator().next()
            .settings().index().refreshInterval().time();
        assertThat(refresh).isEqualTo(EsLogLoader.LIVE_REFRESH);

        // 1. Requests per service and 10 minutes (terms x date_histogram) vs the intended intensity.
        SearchResponse<Void> counts = client.search(s -> s.index(pattern).size(0)
            .query(term("event.action", "request-received"))
            .aggregations("svc", a -> a.terms(t -> t.field("service.name").size(50))
                .aggregations("t", h -> h.dateHistogram(d -> d.field("@timestamp").fixedInterval(f -> f.time("10m"))))), Void.class);
        int buckets = 0;
        for (StringTermsBucket svc : counts.aggregations().get("svc").sterms().buckets().array()) {
            for (DateHistogramBucket b : svc.aggregations().get("t").dateHistogram().buckets().array()) {
                Instant a = Instant.ofEpochMilli(b.key());
                double expected = g.groundTruth().expectedRequests(svc.key().stringValue(), a, a.plus(Duration.ofMinutes(10)));
                double bound = 4.5 * Math.sqrt(expected) + 1;
                assertThat((double) b.docCount()).as("%s at %s", svc.key().stringValue(), a).isBetween(expected - bound, expected + bound);
                buckets++;
            }
        }
        assertThat(buckets).isGreaterThan(16 * 12);

        // 2. The incident window: 5xx ratio of inventory inside vs outside (filters aggregation).
        SearchResponse<Void> ratio = client.search(s -> s.index(pattern).size(0)
            .query(q -> q.bool(b -> b.filter(term("event.action", "request-completed")).filter(term("service.name", "inventory"))))
            .aggregations("w", a -> a.filters(f -> f.filters(k -> k.keyed(Map.of(
                    "inside", range(INC_START, INC_END),
                    "before", range(from, ONSET)))))
                .aggregations("err", e -> e.filter(q -> q.range(r -> r.number(n -> n.field("http.response.status_code").gte(500.0)))))), Void.class);
        var w = ratio.aggregations().get("w").filters().buckets().keyed();
        double inside = w.get("inside").aggregations().get("err").filter().docCount() / (double) w.get("inside").docCount();
        double before = w.get("before").aggregations().get("err").filter().docCount() / (double) w.get("before").docCount();
        GroundTruth truth = g.groundTruth();
        double expectedInside = truth.expectedServerErrors("inventory", INC_START, INC_END) / truth.expectedRequests("inventory", INC_START, INC_END);
        assertThat(inside).isBetween(expectedInside - 0.05, expectedInside + 0.05);
        assertThat(before).isLessThan(0.02);

        // 3. p95 latency (percentiles) in the last 10 minutes of the precursor vs the hour before it.
        double p95Before = p95(client, pattern, "inventory", from, ONSET);
        double p95Late = p95(client, pattern, "inventory", INC_START.minus(Duration.ofMinutes(10)), INC_START);
        assertThat(p95Late / p95Before).isGreaterThan(1.8);

        // 4. Restarts are visible as Kubernetes events with the ground truth's count.
        long probeEvents = client.count(c -> c.index(pattern).query(term("event.action", "liveness-probe-failed"))).count();
        assertThat(probeEvents).isEqualTo(truth.restarts(from, to).size());

        // 5. The incident as a document of the incident index.
        String incidents = prefix.index("kizashi-incidents");
        GroundTruthExport.indexIncidents(client, incidents, g, from, to);
        var hits = client.search(s -> s.index(incidents), Map.class).hits().hits();
        assertThat(hits).singleElement().satisfies(h -> {
            assertThat(h.id()).isEqualTo("inc-test-pool");
            assertThat(h.source()).containsEntry("kind", "db-pool-saturation").containsEntry("start", INC_START.toString())
                .containsEntry("precursor_onset", ONSET.toString()).containsEntry("root_service", "inventory");
        });
    }

    @Test
    void backfillIsIdempotentAndComposesWithLaterIntervals(ElasticsearchClient client, IndexPrefix prefix) throws IOException {
        SimulationConfig cfg = config(prefix);
        LogGenerator g = new LogGenerator(cfg);
        Instant a = START.plus(Duration.ofHours(8)).plus(Duration.ofMinutes(40)); // 08:40-09:10 JST crosses UTC midnight: two daily indices
        Instant b = a.plus(Duration.ofMinutes(15));
        Instant c = b.plus(Duration.ofMinutes(15));
        EsLogLoader loader = new EsLogLoader(client);
        loader.backfill(g, a, b, Duration.ofMinutes(5), null);
        loader.write(g.generate(b, c)); // as live mode would
        loader.backfill(g, a, b, Duration.ofMinutes(7), null); // again, other chunking: same ids, no duplicates
        new io.kizashi.elasticsearch.IndexAdmin(client).refresh(cfg.indexPrefix() + "*");
        long expected = g.generate(a, c).size();
        assertThat(client.count(x -> x.index(cfg.indexPrefix() + "*")).count()).isEqualTo(expected);
        assertThat(MdmLogIndices.dailyIndices(cfg.indexPrefix(), a, c)).hasSize(2)
            .allSatisfy(ix -> assertThat(new io.kizashi.elasticsearch.IndexAdmin(client).exists(ix)).isTrue());
        // Field types come from the template.
        var mapping = client.indices().getMapping(m -> m.index(MdmLogIndices.dailyIndices(cfg.indexPrefix(), a, c).getFirst()))
            .mappings().values().iterator().next().mappings();
        assertThat(mapping.properties().get("event").object().properties().get("duration").isLong()).isTrue();
        assertThat(mapping.properties().get("@timestamp").isDate()).isTrue();
        assertThat(mapping.properties().get("service").object().properties().get("name").isKeyword()).isTrue();
    }

    static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    static Query range(Instant from, Instant to) {
        return Query.of(q -> q.range(r -> r.date(d -> d.field("@timestamp").gte(from.toString()).lt(to.toString()))));
    }

    static double p95(ElasticsearchClient client, String pattern, String service, Instant from, Instant to) throws IOException {
        SearchResponse<Void> r = client.search(s -> s.index(pattern).size(0)
            .query(q -> q.bool(b -> b.filter(term("event.action", "request-completed")).filter(term("service.name", service))
                .filter(range(from, to))))
            .aggregations("p", a -> a.percentiles(p -> p.field("event.duration").percents(95.0).keyed(false))), Void.class);
        return r.aggregations().get("p").tdigestPercentiles().values().array().getFirst().value();
    }

}
