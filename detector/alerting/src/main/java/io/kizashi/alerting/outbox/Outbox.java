package io.kizashi.alerting.outbox;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.alerting.engine.AlertTransition;
import io.kizashi.elasticsearch.IndexAdmin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable outbox in Elasticsearch: every transition is recorded (document id = its idempotency key,
 * created with op_type=create, so recording the same transition twice is refused) before it is delivered,
 * and each receiver's delivery is marked on the document afterwards (optimistic concurrency with
 * seq_no/primary_term; no scripts, which the embedded node lacks). Undelivered events are found by a
 * {@code pending: true} query.
 */
public final class Outbox {

    static final String MAPPINGS = """
        {"dynamic_templates":[{"strings":{"match_mapping_type":"string","mapping":{"type":"keyword"}}}],
         "properties":{
           "key":{"type":"keyword"},"kind":{"type":"keyword"},"rule":{"type":"keyword"},"fingerprint":{"type":"keyword"},
           "severity":{"type":"keyword"},"labels":{"type":"object"},"annotations":{"type":"object","enabled":false},
           "at":{"type":"date"},"active_since":{"type":"date"},"fired_at":{"type":"date"},"resolved_at":{"type":"date"},
           "note":{"type":"text"},"evidence":{"type":"object","enabled":false},
           "recorded_at":{"type":"date"},"pending":{"type":"boolean"},"undelivered":{"type":"keyword"},
           "deliveries":{"type":"object","enabled":false}}}
        """;

    private final ElasticsearchClient es;
    private final String index;

    public Outbox(ElasticsearchClient es, AlertIndices indices) {
        this.es = Objects.requireNonNull(es, "es");
        this.index = indices.outbox();
    }

    public String index() {
        return index;
    }

    public void ensureIndex() {
        new IndexAdmin(es).createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), MAPPINGS);
    }

    /**
     * Records a transition with one pending delivery per receiver (none for transitions that are not
     * notified). Returns false when this transition was recorded before (the key exists): it must not be
     * delivered again.
     */
    public boolean record(AlertTransition t, List<String> receivers, Instant now) {
        List<Delivery> deliveries = t.kind().notifies() ? receivers.stream().map(Delivery::pending).toList() : List.of();
        OutboxEvent e = new OutboxEvent(t, now, deliveries, -1, -1);
        try {
            es.create(c -> c.index(index).id(t.idempotencyKey()).document(source(e)).refresh(Refresh.True));
            return true;
        } catch (ElasticsearchException ex) {
            if (ex.status() == 409) {
                return false;
            }
            throw new IllegalStateException("cannot record alert transition " + t.idempotencyKey() + " in " + index + ": "
                + ex.getMessage(), ex);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot record alert transition " + t.idempotencyKey() + " in " + index, ex);
        }
    }

    /**
     * Writes the event's deliveries back if nobody changed it since it was read; false on a conflict (re-read
     * it). Refreshes, so the next {@link #pending} does not see the old copy and send it again.
     */
    public boolean update(OutboxEvent e) {
        try {
            es.index(i -> i.index(index).id(e.key()).ifSeqNo(e.seqNo()).ifPrimaryTerm(e.primaryTerm()).document(source(e))
                .refresh(Refresh.True));
            return true;
        } catch (ElasticsearchException ex) {
            if (ex.status() == 409) {
                return false;
            }
            throw new IllegalStateException("cannot update outbox event " + e.key() + ": " + ex.getMessage(), ex);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot update outbox event " + e.key(), ex);
        }
    }

    /** Events some receiver still waits for, oldest first (at most {@code max}). */
    public List<OutboxEvent> pending(int max) {
        return search(true, null, max);
    }

    /** Every event of one alert, oldest first (its notification timeline). */
    public List<OutboxEvent> history(String fingerprint, int max) {
        return search(false, fingerprint, max);
    }

    /** Every event, oldest first (at most {@code max}). */
    public List<OutboxEvent> all(int max) {
        return search(false, null, max);
    }

    public Optional<OutboxEvent> get(String key) {
        try {
            GetResponse<ObjectNode> r = es.get(g -> g.index(index).id(key), ObjectNode.class);
            if (!r.found() || r.source() == null) {
                return Optional.empty();
            }
            return Optional.of(event(r.source(), r.seqNo() == null ? -1 : r.seqNo(), r.primaryTerm() == null ? -1 : r.primaryTerm()));
        } catch (ElasticsearchException ex) {
            if (ex.status() == 404) {
                return Optional.empty();
            }
            throw ex;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read outbox event " + key, ex);
        }
    }

    private List<OutboxEvent> search(boolean pendingOnly, String fingerprint, int max) {
        try {
            SearchResponse<ObjectNode> r = es.search(s -> s.index(index)
                .query(q -> q.bool(b -> {
                    if (pendingOnly) {
                        b.filter(f -> f.term(t -> t.field("pending").value(true)));
                    }
                    if (fingerprint != null) {
                        b.filter(f -> f.term(t -> t.field("fingerprint").value(fingerprint)));
                    }
                    return b;
                }))
                .sort(so -> so.field(f -> f.field("recorded_at").order(SortOrder.Asc)))
                .sort(so -> so.field(f -> f.field("at").order(SortOrder.Asc)))
                .sort(so -> so.field(f -> f.field("key").order(SortOrder.Asc)))
                .seqNoPrimaryTerm(true)
                .size(max), ObjectNode.class);
            List<OutboxEvent> out = new ArrayList<>();
            for (Hit<ObjectNode> h : r.hits().hits()) {
                out.add(event(h.source(), h.seqNo() == null ? -1 : h.seqNo(), h.primaryTerm() == null ? -1 : h.primaryTerm()));
            }
            return out;
        } catch (ElasticsearchException ex) {
            if (ex.status() == 404) {
                return List.of(); // no outbox yet: nothing recorded
            }
            throw ex;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot search the outbox " + index, ex);
        }
    }

    static BinaryData source(OutboxEvent e) {
        ObjectNode n = AlertJson.transition(e.transition());
        AlertJson.put(n, "recorded_at", e.recordedAt());
        n.put("pending", e.pending());
        ArrayNode undelivered = n.putArray("undelivered");
        ArrayNode ds = n.putArray("deliveries");
        for (Delivery d : e.deliveries()) {
            if (d.status() == Delivery.Status.PENDING) {
                undelivered.add(d.receiver());
            }
            ObjectNode o = ds.addObject();
            o.put("receiver", d.receiver());
            o.put("status", d.status().name().toLowerCase(Locale.ROOT));
            o.put("attempts", d.attempts());
            AlertJson.put(o, "last_attempt_at", d.lastAttemptAt());
            AlertJson.put(o, "next_attempt_at", d.nextAttemptAt());
            AlertJson.put(o, "delivered_at", d.deliveredAt());
            o.put("last_error", d.lastError());
        }
        try {
            return BinaryData.of(AlertJson.MAPPER.writeValueAsBytes(n), ContentType.APPLICATION_JSON);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("outbox event " + e.key() + " cannot be written as JSON", ex);
        }
    }

    static OutboxEvent event(JsonNode n, long seqNo, long primaryTerm) {
        List<Delivery> ds = new ArrayList<>();
        for (JsonNode o : n.path("deliveries")) {
            ds.add(new Delivery(o.path("receiver").asText(), Delivery.Status.valueOf(o.path("status").asText("pending").toUpperCase(Locale.ROOT)),
                o.path("attempts").asInt(0), AlertJson.instant(o, "last_attempt_at"), AlertJson.instant(o, "next_attempt_at"),
                AlertJson.instant(o, "delivered_at"), AlertJson.text(o, "last_error")));
        }
        return new OutboxEvent(AlertJson.transition(n), AlertJson.instant(n, "recorded_at"), ds, seqNo, primaryTerm);
    }
}
