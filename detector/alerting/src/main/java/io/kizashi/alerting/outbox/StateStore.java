package io.kizashi.alerting.outbox;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.alerting.engine.AlertState;
import io.kizashi.alerting.engine.EngineSnapshot;
import io.kizashi.alerting.engine.FalsePositive;
import io.kizashi.alerting.engine.RuleHistory;
import io.kizashi.elasticsearch.IndexAdmin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The engine's state in Elasticsearch: one document per alert (id = fingerprint) and one per rule history
 * (id = {@code history:<rule>}). Written after the cycle's transitions are in the outbox, so a crash in
 * between replays the cycle and the outbox refuses the repeated transitions.
 */
public final class StateStore {

    static final String MAPPINGS = """
        {"properties":{
           "type":{"type":"keyword"},"rule":{"type":"keyword"},"fingerprint":{"type":"keyword"},"phase":{"type":"keyword"},
           "updated_at":{"type":"date"},"state":{"type":"object","enabled":false}}}
        """;
    /** A search page: alert states are few (active or recently active alerts only). */
    static final int MAX_STATES = 10_000;

    private final ElasticsearchClient es;
    private final String index;

    public StateStore(ElasticsearchClient es, AlertIndices indices) {
        this.es = Objects.requireNonNull(es, "es");
        this.index = indices.state();
    }

    public void ensureIndex() {
        new IndexAdmin(es).createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), MAPPINGS);
    }

    /** Writes changed states and histories and deletes removed ones, in one bulk request. */
    public void save(Collection<AlertState> changed, Collection<String> removed, Collection<RuleHistory> histories, Instant now) {
        List<BulkOperation> ops = new ArrayList<>();
        for (AlertState s : changed) {
            ObjectNode doc = AlertJson.MAPPER.createObjectNode();
            doc.put("type", "alert");
            doc.put("rule", s.rule());
            doc.put("fingerprint", s.fingerprint());
            doc.put("phase", s.phase().name().toLowerCase(java.util.Locale.ROOT));
            AlertJson.put(doc, "updated_at", now);
            doc.set("state", AlertJson.state(s));
            BinaryData src = bytes(doc);
            ops.add(BulkOperation.of(b -> b.index(i -> i.index(index).id(s.fingerprint()).document(src))));
        }
        for (String fp : removed) {
            ops.add(BulkOperation.of(b -> b.delete(d -> d.index(index).id(fp))));
        }
        for (RuleHistory h : histories) {
            ObjectNode doc = AlertJson.MAPPER.createObjectNode();
            doc.put("type", "rule_history");
            doc.put("rule", h.rule());
            AlertJson.put(doc, "updated_at", now);
            doc.set("state", AlertJson.history(h));
            BinaryData src = bytes(doc);
            ops.add(BulkOperation.of(b -> b.index(i -> i.index(index).id("history:" + h.rule()).document(src))));
        }
        if (ops.isEmpty()) {
            return;
        }
        try {
            BulkResponse r = es.bulk(b -> b.operations(ops));
            for (BulkResponseItem item : r.items()) {
                boolean deleteOfMissing = item.status() == 404;
                if (item.error() != null && !deleteOfMissing) {
                    throw new IllegalStateException("cannot save alert state " + item.id() + " in " + index + ": "
                        + item.error().type() + ": " + item.error().reason());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save alert state in " + index, e);
        }
    }

    /** Replaces everything stored with the snapshot (used after a failed save, and by tests). */
    public void saveAll(EngineSnapshot s, Instant now) {
        List<String> stale = new ArrayList<>();
        List<String> keep = new ArrayList<>(s.alerts().stream().map(AlertState::fingerprint).toList());
        s.histories().forEach(h -> keep.add("history:" + h.rule()));
        for (String id : ids()) {
            if (!keep.contains(id)) {
                stale.add(id);
            }
        }
        save(s.alerts(), stale, s.histories(), now);
    }

    /** The stored states and histories, with the given false-positive marks, as a snapshot to start an engine from. */
    public EngineSnapshot load(List<FalsePositive> falsePositives) {
        new IndexAdmin(es).refresh(index);
        List<AlertState> alerts = new ArrayList<>();
        List<RuleHistory> histories = new ArrayList<>();
        for (Hit<ObjectNode> h : hits()) {
            ObjectNode src = h.source();
            if (src == null) {
                continue;
            }
            if ("rule_history".equals(src.path("type").asText())) {
                histories.add(AlertJson.history(src.path("state")));
            } else {
                alerts.add(AlertJson.state(src.path("state")));
            }
        }
        return new EngineSnapshot(alerts, histories, falsePositives);
    }

    private List<String> ids() {
        new IndexAdmin(es).refresh(index);
        return hits().stream().map(Hit::id).toList();
    }

    private List<Hit<ObjectNode>> hits() {
        try {
            SearchResponse<ObjectNode> r = es.search(s -> s.index(index).size(MAX_STATES).query(q -> q.matchAll(m -> m)),
                ObjectNode.class);
            if (r.hits().total() != null && r.hits().total().value() > MAX_STATES) {
                throw new IllegalStateException(index + " holds more than " + MAX_STATES + " alert states: this is not a"
                    + " normal number of active alerts; check the rules for one that matches every series");
            }
            return r.hits().hits();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read alert state from " + index, e);
        }
    }

    private static BinaryData bytes(ObjectNode doc) {
        try {
            return BinaryData.of(AlertJson.MAPPER.writeValueAsBytes(doc), ContentType.APPLICATION_JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert state cannot be written as JSON", e);
        }
    }
}
