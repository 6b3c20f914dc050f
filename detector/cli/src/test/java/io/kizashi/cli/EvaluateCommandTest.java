package io.kizashi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluateCommandTest {

    @TempDir
    Path tmp;
    private Path corpus;
    private final CliRun cli = new CliRun();

    /** A 300-row series at 10 with one jump to 1000 at row 200, inside the window 190..210. */
    @BeforeEach
    void corpus() throws IOException {
        corpus = tmp.resolve("corpus");
        Files.createDirectories(corpus.resolve("data/g"));
        Files.createDirectories(corpus.resolve("labels"));
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 300; i++) {
            csv.append(String.format("2014-04-02 %02d:%02d:00,%s%n", i / 60, i % 60, i == 200 ? "1000" : (i % 2 == 0 ? "10" : "11")));
        }
        Files.writeString(corpus.resolve("data/g/s.csv"), csv);
        Files.writeString(corpus.resolve("labels/combined_windows.json"),
                "{\"g/s.csv\": [[\"2014-04-02 03:10:00.000000\", \"2014-04-02 03:30:00.000000\"]]}");
    }

    @Test
    void runsScoresAndPrintsTheTable() throws IOException {
        Path results = tmp.resolve("results");
        int code = cli.run("evaluate", "--corpus", corpus.toString(), "--out", results.toString(), "--threads", "1",
                "--detector", "windowed-gaussian");
        assertThat(code).as(cli.err()).isZero();
        // The jump is the only point beyond 7.13 deviations: caught at row 200 of window 190..210, no false positive.
        assertThat(cli.out()).contains("windowed-gaussian").contains("standard").contains("reward_low_FN_rate");
        assertThat(Files.readAllLines(results.resolve("g/s.csv"))).hasSize(301);
        String json = Files.readString(results.resolve("scores.json"));
        assertThat(json).contains("\"windows_detected\" : 1").doesNotContainPattern("\"fp_rows\" : [1-9]");

        int again = cli.run("evaluate", "--score-only", "--corpus", corpus.toString(), "--results", results.toString());
        assertThat(again).as(cli.err()).isZero();
    }

    @Test
    void defaultDetectorIsKizashisModelAndSaysSo() {
        int code = cli.run("evaluate", "--corpus", corpus.toString(), "--out", tmp.resolve("r").toString());
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("default (kizashi series model, global defaults)");
    }

    @Test
    void missingCorpusIsAUserErrorNamingThePath() {
        Path missing = tmp.resolve("missing");
        int code = cli.run("evaluate", "--corpus", missing.toString(), "--out", tmp.resolve("r").toString());
        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).startsWith("error: corpus directory " + missing).doesNotContain("\tat ");
    }

    @Test
    void malformedWindowsAreAUserError() throws IOException {
        Files.writeString(corpus.resolve("labels/combined_windows.json"), "{\"g/s.csv\": [[1, 2]]}");
        int code = cli.run("evaluate", "--corpus", corpus.toString(), "--out", tmp.resolve("r").toString());
        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("combined_windows.json").contains("pair of timestamp strings");
    }

    @Test
    void optionMistakesAreExplained() {
        assertThat(cli.run("evaluate", "--corpus", corpus.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--out DIR is required");
        assertThat(cli.run("evaluate", "--score-only", "--corpus", corpus.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--score-only needs --results");
        assertThat(cli.run("evaluate", "--corpus", corpus.toString(), "--out", "x", "--detector", "magic")).isEqualTo(2);
        assertThat(cli.err()).contains("unknown detector 'magic'");
        assertThat(cli.run("evaluate", "--corpus", corpus.toString(), "--out", corpus.resolve("data/out").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("inside the corpus's data/ folder");
    }
}
