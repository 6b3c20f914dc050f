package io.kizashi.testkit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests may restart or stop the shared node; data and URI survive, and the node comes back for later tests. */
@WithElasticsearch
class NodeRestartTest {

    @Test
    void restartKeepsDataPortAndClient(SharedElasticsearch es, ElasticsearchClient client, URI uri, IndexPrefix prefix) throws IOException {
        String index = prefix.index("restart");
        List<BulkOperation> ops = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = i;
            ops.add(BulkOperation.of(o -> o.index(x -> x.index(index).document(Map.of("n", n)))));
        }
        assertThat(client.bulk(b -> b.refresh(Refresh.True).operations(ops)).errors()).isFalse();
        long pidBefore = es.pid();
        int generationBefore = es.generation();

        es.restart();

        assertThat(es.pid()).isNotEqualTo(pidBefore);
        assertThat(ProcessHandle.of(pidBefore).map(ProcessHandle::isAlive)).isIn(java.util.Optional.empty(), java.util.Optional.of(false));
        assertThat(es.generation()).isEqualTo(generationBefore + 1);
        assertThat(es.uri()).isEqualTo(uri);
        assertThat(client.count(c -> c.index(index)).count()).isEqualTo(500);
    }

    @Test
    void aStoppedNodeComesBackOnNextUse(SharedElasticsearch es, IndexPrefix prefix) throws IOException {
        String index = prefix.index("stopped");
        es.client().index(i -> i.index(index).id("x").document(Map.of("v", 42)).refresh(Refresh.True));
        es.stop();
        assertThat(es.isRunning()).isFalse();

        // Any use restarts it on the same data.
        assertThat(es.client().count(c -> c.index(index)).count()).isEqualTo(1);
        assertThat(es.isRunning()).isTrue();
    }
}
