package io.kizashi.cli;

import io.kizashi.precursor.corpus.SyntheticCorpus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kizashi evaluate --multivariate} with the shipped bundle on entities and metrics it has never seen. */
class EvaluateMultivariateTest {

    @TempDir
    Path tmp;
    private Path corpus;
    private final CliRun cli = new CliRun();
    private static final Path SHIPPED = Path.of(System.getProperty("kizashi.repo.root", "../..")).resolve("models/asd-precursor/v1");

    @BeforeEach
    void corpus() {
        corpus = tmp.resolve("corpus");
        // names and metric set unlike ASD's: five metrics called a..e, two entities
        new SyntheticCorpus(7, 2, "node", List.of("a", "b", "c", "d", "e"), 2, 2, 2.0, 8).write(corpus);
    }

    @Test
    void writesOneCsvPerEntityForTheTestRows() throws IOException {
        Path res = tmp.resolve("out");
        int code = cli.run("evaluate", "--multivariate", "--corpus", corpus.toString(), "--out", res.toString(), "--model", SHIPPED.toString(),
                "--threads", "1");
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("model asd-precursor/v1").contains("2 entities").contains("early recall");
        for (String e : List.of("node-1", "node-2")) {
            List<String> lines = Files.readAllLines(res.resolve(e + ".csv"));
            assertThat(lines).hasSize(1 + 2 * 288);
            assertThat(lines.getFirst()).isEqualTo("timestamp,anomaly_score,precursor_probability,is_alert");
            List<String> test = Files.readAllLines(corpus.resolve("test/" + e + ".csv"));
            for (int i = 1; i < lines.size(); i++) {
                String[] c = lines.get(i).split(",");
                assertThat(c[0]).isEqualTo(test.get(i).split(",")[0]);
                assertThat(Double.parseDouble(c[1])).isBetween(0.0, 1.0);
                assertThat(Double.parseDouble(c[2])).isBetween(0.0, 1.0);
                assertThat(c[3]).isIn("0", "1");
            }
        }
    }

    @Test
    void theLabelColumnDoesNotChangeTheScores() throws IOException {
        Path a = tmp.resolve("a");
        assertThat(cli.run("evaluate", "--multivariate", "--corpus", corpus.toString(), "--out", a.toString(), "--model", SHIPPED.toString()))
                .as(cli.err()).isZero();
        for (String e : List.of("node-1", "node-2")) {
            Path f = corpus.resolve("test/" + e + ".csv");
            List<String> lines = Files.readAllLines(f);
            List<String> flipped = new java.util.ArrayList<>();
            flipped.add(lines.getFirst());
            lines.stream().skip(1).map(l -> l.substring(0, l.lastIndexOf(',') + 1) + (l.endsWith("1") ? "0" : "1")).forEach(flipped::add);
            Files.write(f, flipped);
        }
        Path b = tmp.resolve("b");
        assertThat(cli.run("evaluate", "--multivariate", "--corpus", corpus.toString(), "--out", b.toString(), "--model", SHIPPED.toString()))
                .as(cli.err()).isZero();
        assertThat(b.resolve("node-1.csv")).hasSameTextualContentAs(a.resolve("node-1.csv"));
        assertThat(b.resolve("node-2.csv")).hasSameTextualContentAs(a.resolve("node-2.csv"));
    }

    @Test
    void mistakesAreOneLineErrors() throws IOException {
        assertThat(cli.run("evaluate", "--multivariate", "--corpus", corpus.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--out DIR is required");
        assertThat(cli.run("evaluate", "--multivariate", "--corpus", corpus.toString(), "--out", tmp.resolve("o").toString(),
                "--model", tmp.resolve("missing").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("is not a folder");
        Files.writeString(corpus.resolve("test/node-1.csv"), "timestamp,a\n2024-01-01 00:00:00,abc\n");
        assertThat(cli.run("evaluate", "--multivariate", "--corpus", corpus.toString(), "--out", tmp.resolve("o").toString(),
                "--model", SHIPPED.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("node-1.csv line 2").contains("'abc' is not a number").doesNotContain("\tat ");
    }
}
