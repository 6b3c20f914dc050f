package io.kizashi.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real node (testkit): batching, deterministic ids, per-item failures, connection retries. */
@WithElasticsearch
class BulkIndexerTest {

    private static long count(ElasticsearchClient client, String index) throws IOException {
        new IndexAdmin(client).refresh(index);
        return client.count(c -> c.index(index)).count();
    }

    @Test
    void batchesByCountAndBytesAndReplacesOnReIndex(ElasticsearchClient client, IndexPrefix prefix) throws IOException {
        String index = prefix.index("bulk");
        new IndexAdmin(client).createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), null);
        BulkIndexer.Options opts = BulkIndexer.Options.defaults().withBatch(100, 1L << 20);
        BulkIndexer.Result first;
        try (BulkIndexer indexer = new BulkIndexer(client, opts)) {
            for (int i = 0; i < 1050; i++) {
                indexer.add(IndexDocument.of(index, "doc-" + i, Map.of("n", i, "text", "x".repeat(20))));
            }
            first = indexer.flush();
        }
        assertThat(first.indexed()).isEqualTo(1050);
        assertThat(first.requests()).isEqualTo(11); // ceil(1050 / 100)
        assertThat(first.ok()).isTrue();
        assertThat(count(client, index)).isEqualTo(1050);

        // A byte bound of ~10 documents' size splits into more requests; same ids replace, never duplicate.
        BulkIndexer.Result second;
        try (BulkIndexer indexer = new BulkIndexer(client, opts.withBatch(10_000, 10 * 100))) {
            for (int i = 0; i < 200; i++) {
                indexer.add(IndexDocument.of(index, "doc-" + i, Map.of("n", -i, "text", "x".repeat(20))));
            }
            second = indexer.flush();
        }
        assertThat(second.indexed()).isEqualTo(200);
        assertThat(second.requests()).isBetween(20L, 40L);
        assertThat(count(client, index)).isEqualTo(1050);
        var hit = client.get(g -> g.index(index).id("doc-7"), Map.class);
        assertThat(hit.source()).containsEntry("n", -7);
    }

    @Test
    void reportsRejectedItemsAndWritesTheOthers(ElasticsearchClient client, IndexPrefix prefix) throws IOException {
        String index = prefix.index("strict");
        new IndexAdmin(client).createIndexIfAbsent(index, IndexAdmin.Settings.defaults(),
            "{\"dynamic\":\"strict\",\"properties\":{\"n\":{\"type\":\"long\"}}}");
        BulkIndexer.Result result;
        try (BulkIndexer indexer = new BulkIndexer(client, BulkIndexer.Options.defaults().withBatch(7, 1L << 20))) {
            for (int i = 0; i < 30; i++) {
                // Every 10th has a field the strict mapping refuses, every 15th a value that is not a number.
                Map<String, Object> src = i % 10 == 3 ? Map.of("n", i, "extra", "no") : i % 15 == 4 ? Map.of("n", "four") : Map.of("n", i);
                indexer.add(IndexDocument.of(index, "d" + i, src));
            }
            result = indexer.flush();
        }
        assertThat(result.indexed()).isEqualTo(25);
        assertThat(result.failed()).isEqualTo(5);
        assertThat(result.retries()).isZero(); // mapping errors are final, not retried
        assertThat(result.failures()).extracting(BulkIndexer.ItemFailure::id).containsExactlyInAnyOrder("d3", "d13", "d23", "d4", "d19");
        assertThat(result.failures()).filteredOn(f -> f.id().equals("d3")).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.errorType()).isEqualTo("strict_dynamic_mapping_exception");
            assertThat(f.toString()).contains(index + "/d3").contains("extra");
        });
        assertThat(result.failures()).filteredOn(f -> f.id().equals("d4")).singleElement()
            .satisfies(f -> assertThat(f.errorType()).isEqualTo("document_parsing_exception"));
        assertThat(result.summary()).contains("25 indexed, 5 failed");
        assertThat(count(client, index)).isEqualTo(25);
    }

    @Test
    void connectionErrorsAreRetriedWithBackoffThenReportedPerItem() throws IOException {
        // Nothing listens on port 1 of loopback: every attempt is refused.
        try (ElasticsearchClient dead = EsClients.create(EsConnectionConfig.of("http://127.0.0.1:1")
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2)))) {
            BulkIndexer.Options opts = BulkIndexer.Options.defaults().withBatch(5, 1L << 20)
                .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(40)).withConcurrency(1);
            BulkIndexer.Result result;
            try (BulkIndexer indexer = new BulkIndexer(dead, opts)) {
                for (int i = 0; i < 8; i++) {
                    indexer.add(IndexDocument.of("anything", "id" + i, Map.of("i", i)));
                }
                result = indexer.flush();
            }
            assertThat(result.indexed()).isZero();
            assertThat(result.failed()).isEqualTo(8);
            assertThat(result.requests()).isEqualTo(6); // 2 batches x (1 + 2 retries)
            assertThat(result.retries()).isEqualTo(16);  // every document, twice
            assertThat(result.failures()).allSatisfy(f -> {
                assertThat(f.status()).isZero();
                assertThat(f.errorType()).isEqualTo("connection_error");
                assertThat(f.reason()).contains("gave up after 2 retries");
            });
        }
    }

    @Test
    void clientFactoryAndIdempotentAdmin(URI uri, IndexPrefix prefix) throws IOException {
        try (ElasticsearchClient client = EsClients.create(EsConnectionConfig.of(uri.toString()))) {
            assertThat(client.info().version().number()).startsWith("9.");
            IndexAdmin admin = new IndexAdmin(client);
            String index = prefix.index("admin");
            assertThat(admin.createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), "{\"properties\":{\"a\":{\"type\":\"keyword\"}}}")).isTrue();
            assertThat(admin.createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), null)).isFalse();
            admin.setRefreshInterval(index, "-1");
            var settings = client.indices().getSettings(g -> g.index(index)).get(index).settings().index();
            assertThat(settings.refreshInterval().time()).isEqualTo("-1");
            assertThat(settings.numberOfReplicas()).isEqualTo("0");
            for (int i = 0; i < 2; i++) {
                admin.putIndexTemplate(prefix.index("tpl"), List.of(prefix.index("tpl-*")), 100,
                    IndexAdmin.Settings.defaults(), "{\"properties\":{\"v\":{\"type\":\"long\"}}}");
            }
            client.index(ix -> ix.index(prefix.index("tpl-1")).id("1").document(Map.of("v", "12")));
            var mapping = client.indices().getMapping(m -> m.index(prefix.index("tpl-1"))).get(prefix.index("tpl-1")).mappings();
            assertThat(mapping.properties().get("v").isLong()).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> admin.createIndexIfAbsent("x", IndexAdmin.Settings.defaults(), "{not json"))
                .hasMessageContaining("not valid JSON");
        }
    }
}
