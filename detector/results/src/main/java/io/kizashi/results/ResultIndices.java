package io.kizashi.results;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.elasticsearch.IndexAdmin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Where results and annotations live: one index per UTC day ({@code <prefix>results-2026.11.24},
 * {@code <prefix>annotations-2026.11.24}), so retention deletes whole indices and needs neither
 * {@code _delete_by_query} nor ILM. Index templates carry the mappings; {@link #install} is idempotent.
 *
 * @param prefix e.g. {@code kizashi-}; tests use their own prefix
 */
public record ResultIndices(String prefix) {

    public static final ResultIndices DEFAULT = new ResultIndices("kizashi-");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    public ResultIndices {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("index prefix '" + prefix + "' must be lower case letters, digits, '.', '_' or '-'");
        }
    }

    public String resultsIndex(Instant at) {
        return prefix + "results-" + DAY.format(at);
    }

    public String annotationsIndex(Instant at) {
        return prefix + "annotations-" + DAY.format(at);
    }

    /** Pattern covering every day's results index (for searches and Kibana data views). */
    public String resultsPattern() {
        return prefix + "results-*";
    }

    public String annotationsPattern() {
        return prefix + "annotations-*";
    }

    /** Installs (or updates) the two index templates. */
    public void install(ElasticsearchClient client, IndexAdmin.Settings settings) {
        IndexAdmin admin = new IndexAdmin(client);
        admin.putIndexTemplate(prefix + "results", List.of(resultsPattern()), 200, settings, resource("results-mappings.json"));
        admin.putIndexTemplate(prefix + "annotations", List.of(annotationsPattern()), 200, settings, resource("annotations-mappings.json"));
    }

    /** The day an index of this family belongs to, or null if the name is not one of ours. */
    public LocalDate dayOf(String index) {
        for (String family : new String[] {"results-", "annotations-"}) {
            String start = prefix + family;
            if (index.startsWith(start) && index.length() == start.length() + 10) {
                try {
                    return LocalDate.parse(index.substring(start.length()), DateTimeFormatter.ofPattern("yyyy.MM.dd"));
                } catch (java.time.format.DateTimeParseException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The mapping JSON shipped for a family ("results-mappings.json" or "annotations-mappings.json"). */
    public static String resource(String name) {
        try (InputStream in = ResultIndices.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
