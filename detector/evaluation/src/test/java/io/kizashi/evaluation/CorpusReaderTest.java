package io.kizashi.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorpusReaderTest {

    @TempDir
    Path root;

    private void write(String relative, String text) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static final String WINDOWS_A = """
            {"g/a.csv": [["2014-04-01 00:05:00.000000", "2014-04-01 00:10:00.000000"]]}
            """;

    @Test
    void readsNabAndIsoTimestampsAsUtcAndFractionalWindowEnds() throws IOException {
        write("data/g/a.csv", """
                timestamp,value
                2014-04-01 00:00:00,1.5
                2014-04-01T00:05:00Z,2
                2014-04-01T02:10:00+02:00,-3.25e-2

                2014-04-01 00:15:00,4
                """);
        write("labels/combined_windows.json", WINDOWS_A);
        Corpus c = Corpus.read(root);
        Series s = c.files().getFirst().series();
        assertThat(s.name()).isEqualTo("g/a.csv");
        assertThat(s.size()).isEqualTo(4); // the blank line is not a row, as in pandas
        assertThat(s.timestamp(0)).isEqualTo(Instant.parse("2014-04-01T00:00:00Z"));
        assertThat(s.timestamp(2)).isEqualTo(Instant.parse("2014-04-01T00:10:00Z"));
        assertThat(s.value(2)).isEqualTo(-0.0325);
        assertThat(c.labelled()).isTrue();
        assertThat(c.files().getFirst().windows()).containsExactly(
                new Window(Instant.parse("2014-04-01T00:05:00Z"), Instant.parse("2014-04-01T00:10:00Z")));
        assertThat(c.profiles()).isEqualTo(CostProfile.nab());
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void unreadableRowsKeepTheirPlaceAndAreCounted() throws IOException {
        write("data/g/a.csv", """
                timestamp,value
                2014-04-01 00:00:00,1
                2014-04-01 00:05:00,abc
                2014-04-01 00:10:00,
                2014-04-01 00:15:00,NaN
                2014-04-01 00:20:00,inf
                yesterday,6
                2014-04-01 00:30:00,1d
                2014-04-01 00:35:00,7
                """);
        Corpus c = Corpus.read(root);
        Series s = c.files().getFirst().series();
        assertThat(s.size()).isEqualTo(8);
        assertThat(s.unreadableRows()).isEqualTo(6);
        assertThat(s.readable(0)).isTrue();
        assertThat(s.readable(7)).isTrue();
        assertThat(s.value(1)).isNaN();
        assertThat(s.valueText(1)).isEqualTo("abc");
        assertThat(s.timestamp(5)).isNull();
        assertThat(s.timestampText(5)).isEqualTo("yesterday");
        assertThat(s.value(5)).isEqualTo(6.0);
        assertThat(s.firstProblem()).contains("line 3").contains("abc");
        assertThat(c.warnings()).anyMatch(w -> w.contains("data/g/a.csv") && w.contains("6 unreadable"));
        assertThat(c.labelled()).isFalse();
    }

    @Test
    void missingCorpusDirectoryNamesThePath() {
        Path missing = root.resolve("nope");
        assertThatThrownBy(() -> Corpus.read(missing)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("data/<group>/<name>.csv");
    }

    @Test
    void corpusWithoutDataFolderSaysWhereTheSeriesGo() throws IOException {
        Files.createDirectories(root.resolve("labels"));
        assertThatThrownBy(() -> Corpus.read(root)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("no data/ folder").hasMessageContaining(root.resolve("data").toString());
    }

    @Test
    void dataFolderWithoutCsvIsRejected() throws IOException {
        write("data/README.md", "hello");
        assertThatThrownBy(() -> Corpus.read(root)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("no .csv files");
    }

    @Test
    void missingHeaderIsRejected() throws IOException {
        write("data/g/a.csv", "2014-04-01 00:00:00,1\n");
        assertThatThrownBy(() -> Corpus.read(root)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("a.csv").hasMessageContaining("timestamp,value");
    }

    @Test
    void malformedWindowsJsonNamesTheFile() throws IOException {
        write("data/g/a.csv", "timestamp,value\n2014-04-01 00:00:00,1\n");
        write("labels/combined_windows.json", "{\"g/a.csv\": [[\"2014-04-01 00:00:00\"");
        assertThatThrownBy(() -> Corpus.read(root)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("combined_windows.json").hasMessageContaining("not valid JSON");
    }

    @Test
    void windowThatIsNotAPairIsRejected() throws IOException {
        write("data/g/a.csv", "timestamp,value\n2014-04-01 00:00:00,1\n");
        write("labels/combined_windows.json", "{\"g/a.csv\": [\"2014-04-01 00:00:00\"]}");
        assertThatThrownBy(() -> Corpus.read(root)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("window 1 of 'g/a.csv'").hasMessageContaining("[start, end]");
    }

    @Test
    void windowEndingBetweenRowsIsRejected() throws IOException {
        write("data/g/a.csv", "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,1\n");
        write("labels/combined_windows.json", "{\"g/a.csv\": [[\"2014-04-01 00:00:00\", \"2014-04-01 00:07:00\"]]}");
        assertThatThrownBy(() -> Corpus.read(root)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("2014-04-01T00:07:00Z").hasMessageContaining("not the timestamp of any row");
    }

    @Test
    void overlappingWindowsAreRejected() throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int m = 0; m < 60; m += 5) {
            csv.append(String.format("2014-04-01 00:%02d:00,1%n", m));
        }
        write("data/g/a.csv", csv.toString());
        write("labels/combined_windows.json", """
                {"g/a.csv": [["2014-04-01 00:20:00", "2014-04-01 00:30:00"], ["2014-04-01 00:05:00", "2014-04-01 00:20:00"]]}
                """);
        assertThatThrownBy(() -> Corpus.read(root)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("overlap");
    }

    @Test
    void windowsAreSortedByTime() throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int m = 0; m < 60; m += 5) {
            csv.append(String.format("2014-04-01 00:%02d:00,1%n", m));
        }
        write("data/g/a.csv", csv.toString());
        write("labels/combined_windows.json", """
                {"g/a.csv": [["2014-04-01 00:40:00", "2014-04-01 00:45:00"], ["2014-04-01 00:05:00", "2014-04-01 00:10:00"]]}
                """);
        assertThat(Corpus.read(root).files().getFirst().windows()).extracting(Window::start)
                .containsExactly(Instant.parse("2014-04-01T00:05:00Z"), Instant.parse("2014-04-01T00:40:00Z"));
    }

    @Test
    void filesWithoutLabelsAreRunButNotScoredAndStrayLabelsAreReported() throws IOException {
        write("data/g/a.csv", "timestamp,value\n2014-04-01 00:00:00,1\n");
        write("data/g/b.csv", "timestamp,value\n2014-04-01 00:00:00,1\n");
        write("labels/combined_windows.json", "{\"g/a.csv\": [], \"g/zzz.csv\": []}");
        Corpus c = Corpus.read(root);
        assertThat(c.files()).extracting(CorpusFile::name).containsExactly("g/a.csv", "g/b.csv");
        assertThat(c.files()).extracting(CorpusFile::labelled).containsExactly(true, false);
        assertThat(c.warnings()).anyMatch(w -> w.contains("data/g/b.csv has no entry"))
                .anyMatch(w -> w.contains("'g/zzz.csv'"));
    }

    @Test
    void profilesAreReadFromConfig() throws IOException {
        write("data/g/a.csv", "timestamp,value\n2014-04-01 00:00:00,1\n");
        write("config/profiles.json", """
                {"strict": {"CostMatrix": {"tpWeight": 1.0, "fpWeight": 0.5, "fnWeight": 3.0, "tnWeight": 1.0}}}
                """);
        assertThat(Corpus.read(root).profiles()).containsExactly(new CostProfile("strict", 1.0, 0.5, 3.0));
        write("config/profiles.json", "{\"strict\": {\"CostMatrix\": {\"tpWeight\": 1.0}}}");
        assertThatThrownBy(() -> Corpus.read(root)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("profiles.json").hasMessageContaining("fpWeight");
    }

    @Test
    void timestampsAcceptedAndRejected() {
        assertThat(Timestamps.parse("2014-04-10 07:15:00.000000")).isEqualTo(Instant.parse("2014-04-10T07:15:00Z"));
        assertThat(Timestamps.parse("2014-04-10 07:15:00.5")).isEqualTo(Instant.parse("2014-04-10T07:15:00.500Z"));
        assertThat(Timestamps.parse(" 2014-04-10T07:15:00Z ")).isEqualTo(Instant.parse("2014-04-10T07:15:00Z"));
        assertThat(Timestamps.parse("2014-04-10T09:15:00+02:00")).isEqualTo(Instant.parse("2014-04-10T07:15:00Z"));
        assertThat(Timestamps.parse("2014-04-10T07:15")).isEqualTo(Instant.parse("2014-04-10T07:15:00Z"));
        assertThatThrownBy(() -> Timestamps.parse("2014-02-30 00:00:00")).hasMessageContaining("2014-02-30");
        assertThatThrownBy(() -> Timestamps.parse("10/04/2014")).hasMessageContaining("ISO-8601");
    }
}
