package io.kizashi.testkit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each test gets its own prefix, and what a test created under it is gone before the next test. */
@WithElasticsearch
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrefixIsolationTest {

    private static IndexPrefix firstPrefix;

    private final IndexPrefix constructorPrefix;

    PrefixIsolationTest(IndexPrefix prefix) {
        this.constructorPrefix = prefix;
    }

    @Test
    @Order(1)
    void createsIndicesAndTemplatesUnderItsPrefix(ElasticsearchClient client, IndexPrefix prefix, IndexPrefix again) throws IOException {
        assertThat(prefix.value()).matches("t-[0-9a-f]{8}-\\d+-");
        assertThat(again).isEqualTo(prefix);
        assertThat(constructorPrefix).as("constructor and method of one test share the prefix").isEqualTo(prefix);

        client.indices().create(c -> c.index(prefix.index("data")).settings(s -> s.numberOfShards("1").numberOfReplicas("0")));
        client.index(i -> i.index(prefix.index("data")).id("1").document(Map.of("v", 1)).refresh(Refresh.True));
        client.indices().putIndexTemplate(t -> t.name(prefix.index("tpl")).indexPatterns(prefix.index("tpl-*")));
        assertThat(client.indices().exists(e -> e.index(prefix.index("data"))).value()).isTrue();
        assertThat(client.indices().existsIndexTemplate(e -> e.name(prefix.index("tpl"))).value()).isTrue();
        firstPrefix = prefix;
    }

    @Test
    @Order(2)
    void doesNotSeeThePreviousTestsIndices(ElasticsearchClient client, IndexPrefix prefix) throws IOException {
        assertThat(firstPrefix).as("test 1 ran first").isNotNull();
        assertThat(prefix).isNotEqualTo(firstPrefix);
        assertThat(client.indices().exists(e -> e.index(firstPrefix.index("data"))).value()).isFalse();
        assertThat(client.indices().existsIndexTemplate(e -> e.name(firstPrefix.index("tpl"))).value()).isFalse();
        assertThat(client.indices().exists(e -> e.index(prefix.index("data"))).value()).isFalse();
    }

    @Test
    @Order(3)
    void prefixesOfOtherClassesDiffer(SharedElasticsearch es) {
        IndexPrefix other = es.newIndexPrefix(SharedNodeFirstTest.class);
        assertThat(other.value()).doesNotStartWith(constructorPrefix.value().substring(0, 11));
        assertThat(other.value().substring(0, 11)).isEqualTo(String.format("t-%08x-", SharedNodeFirstTest.class.getName().hashCode()));
    }
}
