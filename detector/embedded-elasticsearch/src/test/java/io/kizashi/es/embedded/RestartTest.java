package io.kizashi.es.embedded;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Data survives a stop/start on the same directory, and a closed handle leaves no process behind. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesRestartAndClosedNodesAreGone() throws Exception {
        EmbeddedElasticsearch first = TestSupport.builder(dataDir).start();
        ProcessHandle firstProcess = first.processHandle();
        EmbeddedElasticsearch second = null;
        try {
            ElasticsearchClient client = TestSupport.client(first.httpUri());
            client.indices().create(c -> c.index("survivor").settings(s -> s.numberOfShards("1").numberOfReplicas("0")));
            List<BulkOperation> ops = new ArrayList<>();
            for (int i = 0; i < 1234; i++) {
                int n = i;
                ops.add(BulkOperation.of(o -> o.index(x -> x.index("survivor").id("d" + n).document(Map.of("n", n)))));
            }
            assertThat(client.bulk(b -> b.refresh(Refresh.True).operations(ops)).errors()).isFalse();
            assertThat(client.count(c -> c.index("survivor")).count()).isEqualTo(1234);

            second = first.restart();
            assertThat(firstProcess.isAlive()).isFalse();
            assertThat(first.isAlive()).isFalse();
            assertThat(second.pid()).isNotEqualTo(first.pid());
            // Same port, so the old client keeps working.
            assertThat(second.httpUri()).isEqualTo(first.httpUri());
            assertThat(client.count(c -> c.index("survivor")).count()).isEqualTo(1234);
            var doc = client.get(g -> g.index("survivor").id("d1233"), co.elastic.clients.json.JsonData.class).source();
            assertThat(doc.toJson().asJsonObject().getInt("n")).isEqualTo(1233);
            client._transport().close();
        } finally {
            first.close();
            if (second != null) {
                second.close();
                assertThat(second.processHandle().isAlive()).isFalse();
            }
        }
    }
}
