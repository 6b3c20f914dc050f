package io.kizashi.results;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes whole daily result and annotation indices older than a maximum age (an index is deleted
 * once its whole day is older than the age). Works on any cluster: no ILM, no {@code _delete_by_query}.
 */
public final class Retention {

    private final ElasticsearchClient client;
    private final ResultIndices indices;

    public Retention(ElasticsearchClient client, ResultIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** @return the indices deleted */
    public List<String> apply(Duration maxAge, Instant now) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + maxAge);
        }
        LocalDate oldestKept = now.minus(maxAge).atZone(ZoneOffset.UTC).toLocalDate();
        List<String> delete = new ArrayList<>();
        try {
            for (String pattern : List.of(indices.resultsPattern(), indices.annotationsPattern())) {
                for (String name : client.indices().get(g -> g.index(pattern).ignoreUnavailable(true).allowNoIndices(true)
                        .expandWildcards(ExpandWildcard.Open, ExpandWildcard.Closed)).indices().keySet()) {
                    LocalDate day = indices.dayOf(name);
                    if (day != null && day.isBefore(oldestKept)) {
                        delete.add(name);
                    }
                }
            }
            if (!delete.isEmpty()) {
                client.indices().delete(d -> d.index(delete));
            }
            return delete;
        } catch (IOException e) {
            throw new UncheckedIOException("retention failed: " + e.getMessage(), e);
        }
    }
}
