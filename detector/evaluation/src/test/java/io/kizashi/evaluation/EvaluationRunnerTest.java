package io.kizashi.evaluation;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationRunnerTest {

    private static final long SEED = 20240501L;
    private static final Instant T0 = Instant.parse("2014-04-01T00:00:00Z");

    @TempDir
    Path tmp;
    private Path corpusDir;
    private Corpus corpus;

    /** A detector that flags values above 50 and records what it was given. */
    static final class Threshold50 implements PointDetector {
        static final ConcurrentLinkedQueue<Double> SEEN = new ConcurrentLinkedQueue<>();

        @Override
        public Verdict observe(Instant timestamp, double value) {
            SEEN.add(value);
            double score = Math.min(1.0, Math.abs(value) / 100.0);
            return new Verdict(score, value > 50);
        }
    }

    private static String ts(int row) {
        return T0.plus(Duration.ofMinutes(5L * row)).toString().replace('T', ' ').replace("Z", "");
    }

    /**
     * Three files of seeded noise around 10 with known spikes (ground truth): a.csv has a spike of 80 at
     * row 120 inside its window 110..130; b.csv has unreadable rows and a spike of 70 at row 300 inside
     * its window 290..310 and a false spike of 60 at row 200; c.csv has no labels entry.
     */
    @BeforeEach
    void corpus() throws IOException {
        Random rnd = new Random(SEED);
        corpusDir = tmp.resolve("corpus");
        Files.createDirectories(corpusDir.resolve("data/g"));
        StringBuilder a = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 200; i++) {
            a.append(ts(i)).append(',').append(i == 120 ? 80.0 : 10 + rnd.nextGaussian()).append('\n');
        }
        StringBuilder b = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 400; i++) {
            String v = switch (i) {
                case 150 -> "n/a";
                case 151 -> "";
                case 200 -> "60";
                case 300 -> "70";
                default -> Double.toString(10 + rnd.nextGaussian());
            };
            b.append(ts(i)).append(',').append(v).append('\n');
        }
        StringBuilder c = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 50; i++) {
            c.append(ts(i)).append(",1\n");
        }
        Files.writeString(corpusDir.resolve("data/g/a.csv"), a);
        Files.writeString(corpusDir.resolve("data/g/b.csv"), b);
        Files.writeString(corpusDir.resolve("data/g/c.csv"), c);
        Files.createDirectories(corpusDir.resolve("labels"));
        Files.writeString(corpusDir.resolve("labels/combined_windows.json"), "{\"g/a.csv\": [[\"" + ts(110) + ".000000\", \""
                + ts(130) + ".000000\"]], \"g/b.csv\": [[\"" + ts(290) + "\", \"" + ts(310) + "\"]]}");
        corpus = Corpus.read(corpusDir);
        Threshold50.SEEN.clear();
    }

    @Test
    void writesOneRowPerInputRowAndNeverShowsUnreadableRowsToTheDetector() throws IOException {
        Path out = tmp.resolve("out");
        EvaluationReport r = new EvaluationRunner("t50", Threshold50::new, 2).run(corpus, out);

        assertThat(Threshold50.SEEN).hasSize(200 + 398 + 50).allMatch(Double::isFinite);
        List<String> b = Files.readAllLines(out.resolve("g/b.csv"));
        assertThat(b).hasSize(401);
        assertThat(b.getFirst()).isEqualTo("timestamp,value,anomaly_score,is_anomaly,label");
        assertThat(b.get(151)).isEqualTo(ts(150) + ",n/a,0.0,0,0");
        assertThat(b.get(152)).isEqualTo(ts(151) + ",,0.0,0,0");
        assertThat(b.get(301)).isEqualTo(ts(300) + ",70,0.7,1,1");
        assertThat(b.stream().skip(1).filter(l -> l.endsWith(",1")).count()).isEqualTo(21); // rows 290..310
        List<String> c = Files.readAllLines(out.resolve("g/c.csv"));
        assertThat(c.getFirst()).isEqualTo("timestamp,value,anomaly_score,is_anomaly");
        assertThat(c).hasSize(51);
        assertThat(Files.readString(out.resolve(EvaluationRunner.REPORT_FILE))).contains("\"profile\" : \"standard\"");

        assertThat(r.files()).isEqualTo(3);
        assertThat(r.scoredFiles()).isEqualTo(2);
        assertThat(r.rows()).isEqualTo(650);
        assertThat(r.unreadableRows()).isEqualTo(2);
        assertThat(r.windows()).isEqualTo(2);
        assertThat(r.warnings()).anyMatch(w -> w.contains("g/c.csv"));
    }

    @Test
    void decisionsAreScoredAtHalfAndScoresMatchTheScorerDirectly() {
        EvaluationReport r = new EvaluationRunner("t50", Threshold50::new, 1).run(corpus, tmp.resolve("out"));
        // Own decisions (value > 50): a: spike 80 at row 120 of window 110..130 (width 21);
        // b: spike 70 at row 300 of window 290..310 and a false positive at row 200 before it (full cost).
        double a = NabScorer.scaledSigmoid(-(130 - 120 + 1) / 21.0) / NabScorer.scaledSigmoid(-1.0);
        double b = NabScorer.scaledSigmoid(-(310 - 300 + 1) / 21.0) / NabScorer.scaledSigmoid(-1.0) - 0.11;
        ProfileScore decided = r.decided("standard");
        assertThat(decided.threshold()).isEqualTo(0.5);
        assertThat(decided.rawScore()).isCloseTo(a + b, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(decided.totals().windowsDetected()).isEqualTo(2);
        assertThat(decided.totals().fpRows()).isEqualTo(1);
        assertThat(decided.normalisedScore()).isCloseTo(100 * (a + b + 2) / 4, org.assertj.core.data.Offset.offset(1e-10));
        // Swept on |value|/100: the best threshold keeps both spikes and drops the false one at 0.6.
        ProfileScore swept = r.swept("standard");
        assertThat(swept.threshold()).isEqualTo(0.7);
        assertThat(swept.rawScore()).isCloseTo(a + b + 0.11, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() throws IOException {
        EvaluationReport one = new EvaluationRunner("t50", Threshold50::new, 1).run(corpus, tmp.resolve("one"));
        EvaluationReport two = new EvaluationRunner("t50", Threshold50::new, 2).run(corpus, tmp.resolve("two"));
        for (String f : List.of("g/a.csv", "g/b.csv", "g/c.csv")) {
            assertThat(Files.readString(tmp.resolve("two").resolve(f))).isEqualTo(Files.readString(tmp.resolve("one").resolve(f)));
        }
        assertThat(two.swept()).isEqualTo(one.swept());
        assertThat(two.decided()).isEqualTo(one.decided());
    }

    @Test
    void scoreOnlyReproducesTheRunAndAcceptsNabNaming() throws IOException {
        Path out = tmp.resolve("out");
        EvaluationReport run = new EvaluationRunner("t50", Threshold50::new, 2).run(corpus, out);
        EvaluationReport again = EvaluationRunner.scoreResults(corpus, out);
        assertThat(again.swept()).isEqualTo(run.swept());
        assertThat(again.decided()).isEqualTo(run.decided());

        Path nabStyle = tmp.resolve("results/t50");
        Files.createDirectories(nabStyle.resolve("g"));
        Files.copy(out.resolve("g/a.csv"), nabStyle.resolve("g/t50_a.csv"));
        // NAB's own result files have no is_anomaly column: only the swept score is computed.
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("g/b.csv"))) {
            String[] f = l.split(",", -1);
            lines.add(f[0] + "," + f[1] + "," + f[2]);
        }
        Files.write(nabStyle.resolve("g/t50_b.csv"), lines);
        EvaluationReport nab = EvaluationRunner.scoreResults(corpus, nabStyle);
        assertThat(nab.swept()).isEqualTo(run.swept());
        assertThat(nab.decided()).isEmpty();
        assertThat(nab.warnings()).anyMatch(w -> w.contains("is_anomaly"));
    }

    @Test
    void scoreOnlyRejectsResultsThatDoNotLineUp() throws IOException {
        Path out = tmp.resolve("out");
        new EvaluationRunner("t50", Threshold50::new, 1).run(corpus, out);
        List<String> a = new ArrayList<>(Files.readAllLines(out.resolve("g/a.csv")));
        a.removeLast();
        Files.write(out.resolve("g/a.csv"), a);
        assertThatThrownBy(() -> EvaluationRunner.scoreResults(corpus, out)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("g/a.csv has 199 rows").hasMessageContaining("one row per data row");

        Files.delete(out.resolve("g/a.csv"));
        assertThatThrownBy(() -> EvaluationRunner.scoreResults(corpus, out)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("no results for data/g/a.csv");
    }

    @Test
    void detectorFailuresNameTheFileAndRow() {
        PointDetector broken = (t, v) -> new Verdict(v / 10, false); // scores above 1 for values above 10
        assertThatThrownBy(() -> new EvaluationRunner("broken", () -> broken, 1).run(corpus, tmp.resolve("out")))
                .hasMessageContaining("data/g/").hasMessageContaining("row ").hasMessageContaining("anomalyScore must be in [0, 1]");
    }
}
