package io.kizashi.simulator.load;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.simulator.LogDocument;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.SimulationConfig;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithElasticsearch
class NdjsonTest {

    @Test
    void writeThenIngestRoundTripsEveryDocument(ElasticsearchClient client, IndexPrefix prefix, @TempDir Path dir) throws IOException {
        Instant start = Instant.parse("2025-03-02T15:00:00Z");
        LogGenerator g = new LogGenerator(SimulationConfig.defaults(9, start));
        Instant a = start.plus(Duration.ofHours(9));
        List<LogDocument> docs = g.generate(a, a.plus(Duration.ofMinutes(20)));
        Path file = dir.resolve("export.ndjson");
        try (Ndjson.Writer w = new Ndjson.Writer(file)) {
            w.write(docs);
            assertThat(w.lines()).isEqualTo(docs.size());
        }
        String index = prefix.index("imported");
        Ndjson.IngestReport report = Ndjson.ingest(client, file, index, BulkIndexer.Options.defaults(), 10);
        assertThat(report.lines()).isEqualTo(docs.size());
        assertThat(report.badLines()).isZero();
        assertThat(report.load().indexed()).isEqualTo(docs.size());
        assertThat(client.count(c -> c.index(index)).count()).isEqualTo(docs.size());
        ObjectMapper m = new ObjectMapper();
        for (LogDocument d : List.of(docs.getFirst(), docs.get(docs.size() / 2), docs.getLast())) {
            var hit = client.get(x -> x.index(index).id(d.id()), JsonNode.class);
            assertThat(hit.found()).isTrue();
            assertThat(hit.source()).isEqualTo(m.readTree(d.toJson()));
        }
        // Ingesting again replaces (ids from event.id), never duplicates.
        Ndjson.ingest(client, file, index, BulkIndexer.Options.defaults(), 10);
        assertThat(client.count(c -> c.index(index)).count()).isEqualTo(docs.size());
    }

    @Test
    void badLinesAreSkippedCountedAndReportedWithTheirLineNumbers(ElasticsearchClient client, IndexPrefix prefix, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("user-export.ndjson");
        Files.writeString(file, String.join("\n",
            "{\"@timestamp\":\"2025-03-03T01:00:00.000Z\",\"message\":\"a\",\"service\":{\"name\":\"x\"}}",
            "{\"@timestamp\":\"2025-03-03T01:00:01.000Z\",\"message\":\"b\"",
            "",
            "[1,2,3]",
            "{\"@timestamp\":\"2025-03-03T01:00:02.000Z\",\"message\":\"c\"}",
            "not json at all",
            "{\"@timestamp\":\"2025-03-03T01:00:02.000Z\",\"message\":\"c\"}",
            "{\"_index\":\"old\",\"_id\":\"hit-1\",\"_source\":{\"@timestamp\":\"2025-03-03T01:00:03.000Z\",\"message\":\"d\"}}")
            + "\n", StandardCharsets.UTF_8);
        String index = prefix.index("user");
        Ndjson.IngestReport r = Ndjson.ingest(client, file, index, BulkIndexer.Options.defaults(), 10);
        assertThat(r.lines()).isEqualTo(7);
        assertThat(r.badLines()).isEqualTo(3);
        assertThat(r.bad()).extracting(Ndjson.BadLine::line).containsExactly(2L, 4L, 6L);
        assertThat(r.bad().get(1).reason()).contains("not a JSON object");
        assertThat(r.summary()).contains("3 bad (skipped)").contains("line 2: invalid JSON");
        // Without event.id the id is a content hash: the two identical lines are one document. The
        // exported search hit keeps its id and is indexed as its source.
        assertThat(client.count(c -> c.index(index)).count()).isEqualTo(3);
        var hit = client.get(x -> x.index(index).id("hit-1"), java.util.Map.class);
        assertThat(hit.source()).containsEntry("message", "d").doesNotContainKey("_source");

        Files.write(dir.resolve("latin1.ndjson"), new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}', '\n'},
            StandardOpenOption.CREATE_NEW);
        assertThatThrownBy(() -> Ndjson.ingest(client, dir.resolve("latin1.ndjson"), index, BulkIndexer.Options.defaults(), 10))
            .hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> Ndjson.ingest(client, dir.resolve("missing.ndjson"), index, BulkIndexer.Options.defaults(), 10))
            .hasMessageContaining("does not exist");
    }
}
