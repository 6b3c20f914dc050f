package io.kizashi.service.support;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** Reads alert outboxes back: per idempotency key, whether the transition was delivered to a receiver. */
public final class OutboxCheck {

    private OutboxCheck() {
    }

    /**
     * Per recorded transition that notifies the receiver (by name prefix): its delivery status there ("delivered",
     * "pending", ...), from every outbox index matching the pattern.
     */
    public static Map<String, String> deliveries(ElasticsearchClient client, String outboxPattern, String receiver) throws IOException {
        client.indices().refresh(r -> r.index(outboxPattern).allowNoIndices(true));
        Map<String, String> out = new TreeMap<>();
        for (var h : client.search(s -> s.index(outboxPattern).allowNoIndices(true).ignoreUnavailable(true).size(10_000),
                JsonNode.class).hits().hits()) {
            for (JsonNode d : h.source().path("deliveries")) {
                if (d.path("receiver").asText().startsWith(receiver)) {
                    out.put(h.id(), d.path("status").asText());
                }
            }
        }
        return out;
    }
}
