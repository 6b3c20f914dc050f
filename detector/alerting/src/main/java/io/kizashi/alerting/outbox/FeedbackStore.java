package io.kizashi.alerting.outbox;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.alerting.engine.FalsePositive;
import io.kizashi.elasticsearch.IndexAdmin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * False-positive marks in Elasticsearch ({@code <prefix>alert-feedback}): read back on start to keep
 * suppressing, and kept for good as labelled data for training (series, metric, split values, the
 * episode's start and what the alert showed).
 */
public final class FeedbackStore {

    static final String MAPPINGS = """
        {"dynamic_templates":[{"strings":{"match_mapping_type":"string","mapping":{"type":"keyword"}}}],
         "properties":{
           "@timestamp":{"type":"date"},"fingerprint":{"type":"keyword"},"rule":{"type":"keyword"},"labels":{"type":"object"},
           "marked_at":{"type":"date"},"until":{"type":"date"},"direction":{"type":"keyword"},"by":{"type":"keyword"},
           "note":{"type":"text"},"active_since":{"type":"date"},"series":{"type":"keyword"},"job_id":{"type":"keyword"},
           "metric":{"type":"keyword"},"splits":{"type":"object"},"evidence":{"type":"object","enabled":false}}}
        """;

    private final ElasticsearchClient es;
    private final String index;

    public FeedbackStore(ElasticsearchClient es, AlertIndices indices) {
        this.es = Objects.requireNonNull(es, "es");
        this.index = indices.feedback();
    }

    public void ensureIndex() {
        new IndexAdmin(es).createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), MAPPINGS);
    }

    /** Stores a mark (marking the same episode again replaces it); visible to searches at once. */
    public void save(FalsePositive f) {
        try {
            byte[] json = AlertJson.MAPPER.writeValueAsBytes(AlertJson.falsePositive(f));
            es.index(i -> i.index(index).id(f.id()).document(BinaryData.of(json, ContentType.APPLICATION_JSON)).refresh(Refresh.True));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("false-positive mark " + f.id() + " cannot be written as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store false-positive mark " + f.id() + " in " + index, e);
        }
    }

    /** Marks that still suppress at {@code now}. */
    public List<FalsePositive> active(Instant now) {
        return search(now, 10_000);
    }

    /** Every mark, oldest first (for training and review). */
    public List<FalsePositive> all(int max) {
        return search(null, max);
    }

    private List<FalsePositive> search(Instant activeAt, int max) {
        try {
            SearchResponse<ObjectNode> r = es.search(s -> s.index(index).size(max)
                .query(q -> activeAt == null ? q.matchAll(m -> m)
                    : q.range(rg -> rg.date(d -> d.field("until").gt(activeAt.toString()))))
                .sort(so -> so.field(f -> f.field("marked_at").order(SortOrder.Asc))), ObjectNode.class);
            List<FalsePositive> out = new ArrayList<>();
            for (Hit<ObjectNode> h : r.hits().hits()) {
                if (h.source() != null) {
                    out.add(AlertJson.falsePositive(h.source()));
                }
            }
            return out;
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read false-positive marks from " + index, e);
        }
    }
}
