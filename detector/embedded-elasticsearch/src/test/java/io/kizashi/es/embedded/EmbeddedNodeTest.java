package io.kizashi.es.embedded;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch.core.InfoResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.NamedValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** One real node for the whole class: HTTP, the client's info/ping/health, aggregations, the node lock. */
class EmbeddedNodeTest {

    @TempDir
    static Path dataDir;

    static EmbeddedElasticsearch es;
    static ElasticsearchClient client;

    @BeforeAll
    static void startNode() {
        es = TestSupport.builder(dataDir).clusterName("embedded-test").start();
        client = TestSupport.client(es.httpUri());
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (client != null) {
            client._transport().close();
        }
        if (es != null) {
            es.close();
            assertThat(es.isAlive()).isFalse();
        }
    }

    @Test
    void servesHttpOnLoopbackWithTheOfficialClient() throws IOException {
        assertThat(es.httpUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(es.httpPort()).isPositive();
        assertThat(client.ping().value()).isTrue();

        InfoResponse info = client.info();
        assertThat(info.clusterName()).isEqualTo("embedded-test");
        assertThat(info.name()).isEqualTo("kizashi-node");
        assertThat(info.version().number()).isEqualTo("9.5.3");
        assertThat(info.version().luceneVersion()).isEqualTo("10.5.1");
        assertThat(info.clusterUuid()).isNotBlank().isNotEqualTo("_na_");

        HealthResponse health = client.cluster().health();
        assertThat(health.numberOfNodes()).isEqualTo(1);
        assertThat(health.status()).isEqualTo(HealthStatus.Green);
    }

    @Test
    void headOfRootAnswersWithoutBody() throws Exception {
        HttpResponse<String> head = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(es.httpUri()).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("X-elastic-product")).contains("Elasticsearch");
    }

    /**
     * 2 services x 3 hours x 10 docs. In each (service, hour) the durations are 10, 20, ..., 100 ms, users
     * u0..u3 (i % 4), and only the 10th doc has status 500. So: 6 composite buckets of 10 docs, median 55,
     * top hit 100, 4 distinct users, 3 errors per service.
     */
    @Test
    void indexSearchAndAggregate() throws IOException {
        String index = "agg-test";
        client.indices().create(c -> c.index(index)
            .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
            .mappings(m -> m
                .properties("@timestamp", p -> p.date(d -> d))
                .properties("service.name", p -> p.keyword(k -> k))
                .properties("user.id", p -> p.keyword(k -> k))
                .properties("http.response.status_code", p -> p.integer(i -> i))
                .properties("event.duration", p -> p.long_(l -> l))));

        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<BulkOperation> ops = new ArrayList<>();
        for (String service : List.of("api", "web")) {
            for (int hour = 0; hour < 3; hour++) {
                for (int i = 1; i <= 10; i++) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("@timestamp", t0.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(i * 5L)).toString());
                    doc.put("service.name", service);
                    doc.put("user.id", "u" + (i % 4));
                    doc.put("http.response.status_code", i == 10 ? 500 : 200);
                    doc.put("event.duration", i * 10L);
                    ops.add(BulkOperation.of(o -> o.index(x -> x.index(index).document(doc))));
                }
            }
        }
        var bulk = client.bulk(b -> b.refresh(Refresh.True).operations(ops));
        assertThat(bulk.errors()).isFalse();
        assertThat(client.count(c -> c.index(index)).count()).isEqualTo(60);

        long apiErrors = client.count(c -> c.index(index).query(q -> q.bool(b -> b
            .filter(f -> f.term(t -> t.field("service.name").value("api")))
            .filter(f -> f.term(t -> t.field("http.response.status_code").value(500)))))).count();
        assertThat(apiErrors).isEqualTo(3);

        Map<String, Aggregation> perBucket = Map.of(
            "p", Aggregation.of(a -> a.percentiles(p -> p.field("event.duration").percents(50.0))),
            "users", Aggregation.of(a -> a.cardinality(c -> c.field("user.id"))),
            "slowest", Aggregation.of(a -> a.topHits(t -> t.size(1).sort(s -> s.field(f -> f.field("event.duration").order(SortOrder.Desc))))));
        SearchResponse<Void> resp = client.search(s -> s.index(index).size(0)
            .aggregations("by", a -> a
                .composite(c -> c.size(100).sources(
                    NamedValue.of("service", CompositeAggregationSource.of(x -> x.terms(t -> t.field("service.name")))),
                    NamedValue.of("hour", CompositeAggregationSource.of(x -> x.dateHistogram(d -> d.field("@timestamp")
                        .fixedInterval(Time.of(t -> t.time("1h"))))))))
                .aggregations(perBucket))
            .aggregations("per_day", a -> a.dateHistogram(d -> d.field("@timestamp").calendarInterval(CalendarInterval.Day))),
            Void.class);

        List<CompositeBucket> buckets = resp.aggregations().get("by").composite().buckets().array();
        assertThat(buckets).hasSize(6);
        CompositeBucket first = buckets.getFirst();
        assertThat(first.key().get("service").stringValue()).isEqualTo("api");
        assertThat(first.key().get("hour").longValue()).isEqualTo(t0.toEpochMilli());
        assertThat(buckets.get(5).key().get("service").stringValue()).isEqualTo("web");
        assertThat(buckets.get(5).key().get("hour").longValue()).isEqualTo(t0.plus(Duration.ofHours(2)).toEpochMilli());
        for (CompositeBucket b : buckets) {
            assertThat(b.docCount()).isEqualTo(10);
            double median = Double.parseDouble(b.aggregations().get("p").tdigestPercentiles().values().keyed().get("50.0"));
            assertThat(median).isCloseTo(55.0, within(5.0));
            assertThat(b.aggregations().get("users").cardinality().value()).isEqualTo(4);
            JsonData top = b.aggregations().get("slowest").topHits().hits().hits().getFirst().source();
            assertThat(top.toJson().asJsonObject().getJsonNumber("event.duration").longValue()).isEqualTo(100);
        }
        assertThat(resp.aggregations().get("per_day").dateHistogram().buckets().array())
            .singleElement().satisfies(b -> assertThat(b.docCount()).isEqualTo(60));
    }

    @Test
    void aSecondNodeOnTheSameDataDirFailsWithAClearMessage() {
        assertThatThrownBy(() -> TestSupport.builder(dataDir).start())
            .isInstanceOf(EmbeddedElasticsearchException.class)
            .satisfies(e -> {
                EmbeddedElasticsearchException ee = (EmbeddedElasticsearchException) e;
                assertThat(ee.reason()).contains("data directory " + dataDir.toAbsolutePath())
                    .contains("in use by another running Elasticsearch node").contains("choose another data directory");
                assertThat(ee.logFile()).isEqualTo(es.layout().logFile());
            });
        // The running node is unharmed.
        assertThat(es.isAlive()).isTrue();
        assertThat(URI.create(es.httpUri().toString())).isEqualTo(es.httpUri());
    }
}
