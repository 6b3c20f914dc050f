package io.kizashi.testkit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** With SharedNodeSecondTest: two classes, one node (same URI; same pid unless a restart test ran between). */
@WithElasticsearch
class SharedNodeFirstTest {

    @Test
    void seesTheSharedNode(SharedElasticsearch es, ElasticsearchClient client, URI uri) throws IOException {
        assertThat(client.ping().value()).isTrue();
        assertThat(client.info().clusterName()).isEqualTo("kizashi-test");
        assertThat(uri).isEqualTo(es.uri());
        Observations.Seen mine = new Observations.Seen(es.generation(), es.pid(), uri);
        Observations.BY_CLASS.put(getClass(), mine);

        Observations.Seen other = Observations.BY_CLASS.get(SharedNodeSecondTest.class);
        if (other != null) {
            assertThat(mine.uri()).isEqualTo(other.uri());
            if (mine.generation() == other.generation()) {
                assertThat(mine.pid()).isEqualTo(other.pid());
            }
        }
    }
}
