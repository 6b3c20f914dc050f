package io.kizashi.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class YamlTreeTest {

    private final List<ConfigError> errors = new ArrayList<>();
    private final YamlTree tree = new YamlTree("a.yaml", errors, "say what", "split it");

    @Test
    void remembersWhereEveryPathIsAndFallsBackToTheEnclosingMapping() {
        JsonNode root = tree.read("""
            job_id: web
            source:
              index: logs-*
            metrics:
              - name: rate
                field: x
            """);
        assertThat(errors).isEmpty();
        assertThat(root.at("/metrics/0/field").asText()).isEqualTo("x");
        assertThat(tree.location("source.index")).containsExactly(3, 3);
        assertThat(tree.location("metrics[0].field")).containsExactly(6, 5);
        // A missing key points at its mapping, so the error lands on the right line.
        assertThat(tree.location("source.missing")).isEqualTo(tree.location("source"));
        assertThat(tree.location("nowhere")).containsExactly(0, 0);
    }

    @Test
    void aDuplicateKeyIsAnErrorAtTheSecondOccurrenceAndTheFirstValueIsKept() {
        JsonNode root = tree.read("for: 5m\nseverity: page\nfor: 10m\n");
        assertThat(root.get("for").asText()).isEqualTo("5m");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.path()).isEqualTo("for");
            assertThat(e.message()).contains("appears twice");
            assertThat(e.toString()).startsWith("a.yaml:3:1: for: key 'for' appears twice");
        });
    }

    @Test
    void emptyFilesSeveralDocumentsAndBrokenYamlAreNamedWithTheirHints() {
        assertThat(tree.read("")).isNull();
        assertThat(tree.read("a: 1\n---\nb: 2\n")).isNotNull();
        assertThat(tree.read("a: [1, 2\n")).isNull();
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).message()).isEqualTo("the file is empty: say what");
        assertThat(errors.get(1).line()).isEqualTo(3); // where the second document begins
        assertThat(errors.get(1).message()).endsWith("split it");
        assertThat(errors.get(2).message()).startsWith("not valid YAML: ");
    }

    @Test
    void spellingSuggestsOnlyPlausibleTypos() {
        List<String> keys = List.of("bucket_span", "query_delay", "frequency");
        assertThat(Spelling.closest("bucket_spam", keys, 2)).isEqualTo("bucket_span");
        assertThat(Spelling.closest("query", keys, 2)).isEqualTo("query_delay"); // a prefix
        assertThat(Spelling.closest("colour", keys, 2)).isNull();
        assertThat(Spelling.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Spelling.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void longValuesAreAbbreviatedInErrors() {
        ConfigError e = new ConfigError(null, 0, 0, "", "x".repeat(200), "too long");
        assertThat(e.value()).hasSize(80).endsWith("...");
        assertThat(e.toString()).isEqualTo("(document): too long (got '" + "x".repeat(77) + "...')");
    }
}
