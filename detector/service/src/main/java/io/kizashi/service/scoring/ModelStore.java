package io.kizashi.service.scoring;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.elasticsearch.IndexDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Series model states in Elasticsearch: one document per series (id = series id) holding the model's
 * versioned binary state, the last bucket it learned and its identity. Written after a cycle's results,
 * read back at start, so a restarted service continues each model exactly where it stopped.
 */
public final class ModelStore {

    /** A stored model state. */
    public record Stored(SeriesKey key, Instant lastBucket, byte[] state) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MAPPINGS = """
            {"dynamic": "strict", "properties": {
              "job_id": {"type": "keyword"}, "series_id": {"type": "keyword"}, "metric": {"type": "keyword"},
              "splits": {"type": "flattened"}, "last_bucket": {"type": "date"}, "state": {"type": "binary"},
              "bytes": {"type": "integer"}, "updated": {"type": "date"}}}""";

    private final ElasticsearchClient client;
    private final String index;

    public ModelStore(ElasticsearchClient client, String index) {
        this.client = client;
        this.index = index;
    }

    public String index() {
        return index;
    }

    public void install() {
        new IndexAdmin(client).createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), MAPPINGS);
    }

    public IndexDocument document(SeriesKey key, Instant lastBucket, byte[] state, Instant now) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("job_id", key.jobId());
        d.put("series_id", key.id());
        d.put("metric", key.metric());
        ObjectNode splits = d.putObject("splits");
        key.splits().forEach(splits::put);
        d.put("last_bucket", lastBucket.toString());
        d.put("state", Base64.getEncoder().encodeToString(state));
        d.put("bytes", state.length);
        d.put("updated", now.toString());
        return IndexDocument.of(index, key.id(), d);
    }

    /** Saves states in bulk; fails loudly if any document was refused (the cycle must not be committed). */
    public void save(List<IndexDocument> docs, BulkIndexer.Options options) {
        if (docs.isEmpty()) {
            return;
        }
        BulkIndexer.Result r;
        try (BulkIndexer bulk = new BulkIndexer(client, options)) {
            bulk.addAll(docs);
            r = bulk.flush();
        }
        if (!r.ok()) {
            throw new IllegalStateException("saving model states failed: " + r.summary());
        }
    }

    /** All stored states of a job, by series, as last written (the index is refreshed first). */
    public Map<SeriesKey, Stored> load(String jobId) {
        Map<SeriesKey, Stored> out = new TreeMap<>(java.util.Comparator.comparing(SeriesKey::canonical));
        List<FieldValue> after = null;
        try {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                return out;
            }
            // a search sees only refreshed documents: without this, a restart within the refresh interval
            // would read the states of the cycle before the last one
            client.indices().refresh(r -> r.index(index));
            while (true) {
                List<FieldValue> from = after;
                SearchResponse<JsonNode> page = client.search(s -> {
                    s.index(index).size(1000).query(q -> q.term(t -> t.field("job_id").value(jobId)))
                            .sort(o -> o.field(f -> f.field("series_id").order(SortOrder.Asc)));
                    if (from != null) {
                        s.searchAfter(from);
                    }
                    return s;
                }, JsonNode.class);
                List<Hit<JsonNode>> hits = page.hits().hits();
                for (Hit<JsonNode> h : hits) {
                    JsonNode src = h.source();
                    Map<String, String> splits = new TreeMap<>();
                    src.path("splits").fields().forEachRemaining(e -> splits.put(e.getKey(), e.getValue().asText()));
                    SeriesKey key = new SeriesKey(src.get("job_id").asText(), src.get("metric").asText(), splits);
                    out.put(key, new Stored(key, Instant.parse(src.get("last_bucket").asText()),
                            Base64.getDecoder().decode(src.get("state").asText())));
                }
                if (hits.size() < 1000) {
                    return out;
                }
                after = new ArrayList<>(hits.getLast().sort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("loading model states of job " + jobId + " from " + index + " failed: " + e.getMessage(), e);
        }
    }
}
