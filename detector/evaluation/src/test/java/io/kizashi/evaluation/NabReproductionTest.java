package io.kizashi.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kizashi.evaluation.reference.WindowedGaussianDetector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The scorer against NAB's published scoreboard, with no other detector's outputs: NAB's own
 * "windowedGaussian" baseline is re-run here and must reproduce its published normalised scores
 * (results/final_results.json) with the threshold NAB recorded (config/thresholds.json).
 *
 * <p>One quirk had to be reproduced: NAB's stored result files were written by Python 2, whose
 * str(float) keeps 12 significant digits, so every score above 0.9999999999995 was stored as 1.0.
 * The published windowedGaussian numbers are those of the rounded scores (unrounded, the optimal
 * threshold is 0.99999999999977 and the standard score 40.13 rather than 39.65).
 */
class NabReproductionTest {

    private static Corpus nab;
    private static List<CorpusFile> labelled;
    private static JsonNode published;
    private static JsonNode thresholds;

    @BeforeAll
    static void readNab() throws IOException {
        Path dir = TestCorpora.nab();
        assumeTrue(dir != null, "no NAB copy next to the repository (../shared/nab); set KIZASHI_NAB_DIR");
        nab = Corpus.read(dir);
        labelled = nab.files().stream().filter(CorpusFile::labelled).toList();
        ObjectMapper json = new ObjectMapper();
        published = json.readTree(dir.resolve("results/final_results.json").toFile());
        thresholds = json.readTree(dir.resolve("config/thresholds.json").toFile());
    }

    @Test
    void corpusIsReadCompletely() {
        assertThat(nab.files()).hasSize(58);
        assertThat(labelled).hasSize(58);
        assertThat(nab.rows()).isEqualTo(365_558);
        assertThat(nab.windows()).isEqualTo(116);
        assertThat(nab.profiles()).extracting(CostProfile::name)
                .containsExactly("standard", "reward_low_FP_rate", "reward_low_FN_rate");
    }

    @Test
    void windowedGaussianReproducesItsPublishedScores() {
        List<ScoringInput> inputs = new ArrayList<>();
        List<ScoringInput> decisions = new ArrayList<>();
        for (CorpusFile f : labelled) {
            WindowedGaussianDetector d = new WindowedGaussianDetector();
            Series s = f.series();
            double[] scores = new double[s.size()];
            double[] decided = new double[s.size()];
            for (int i = 0; i < s.size(); i++) {
                Verdict v = d.observe(s.timestamp(i), s.value(i));
                scores[i] = asStoredByNab(v.anomalyScore());
                decided[i] = v.isAnomaly() ? 1 : 0;
            }
            inputs.add(ScoringInput.of(f, scores));
            decisions.add(ScoringInput.of(f, decided));
        }
        NabScorer scorer = new NabScorer(inputs);
        NabScorer ownDecisions = new NabScorer(decisions);
        assertThat(scorer.windows()).isEqualTo(116);
        for (CostProfile p : nab.profiles()) {
            double expected = published.path("windowedGaussian").path(p.name()).asDouble();
            double recordedThreshold = thresholds.path("windowedGaussian").path(p.name()).path("threshold").asDouble();

            ProfileScore swept = scorer.optimised(p);
            assertThat(swept.threshold()).as(p.name() + " threshold").isEqualTo(recordedThreshold);
            assertThat(swept.normalisedScore()).as(p.name() + " swept").isCloseTo(expected, within(1e-9));

            ProfileScore fixed = scorer.atThreshold(p, recordedThreshold);
            assertThat(fixed.normalisedScore()).as(p.name() + " at recorded threshold").isCloseTo(expected, within(1e-9));
            assertThat(fixed.rawScore()).isCloseTo(swept.rawScore(), within(1e-9));

            // The detector's own decision (score >= 0.9999999999995, NAB's 1.0 on 12-digit scores), scored as 0/1.
            assertThat(ownDecisions.atThreshold(p, 0.5).normalisedScore()).as(p.name() + " own decisions")
                    .isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void nullDetectorScoresZeroWithNabsRecordedRawScores() {
        List<ScoringInput> inputs = labelled.stream().map(f -> {
            double[] half = new double[f.series().size()];
            Arrays.fill(half, 0.5);
            return ScoringInput.of(f, half);
        }).toList();
        NabScorer scorer = new NabScorer(inputs);
        for (CostProfile p : nab.profiles()) {
            ProfileScore s = scorer.optimised(p);
            assertThat(s.normalisedScore()).isEqualTo(0.0);
            assertThat(s.rawScore()).isEqualTo(thresholds.path("null").path(p.name()).path("score").asDouble());
        }
    }

    @Test
    void perfectDetectorScores100() {
        List<ScoringInput> inputs = labelled.stream().map(f -> {
            double[] scores = new double[f.series().size()];
            boolean[] in = EvaluationRunner.windowRows(f);
            for (int i = 0; i < in.length; i++) {
                if (in[i] && (i == 0 || !in[i - 1])) {
                    scores[i] = 1.0; // first row of each window
                }
            }
            return ScoringInput.of(f, scores);
        }).toList();
        NabScorer scorer = new NabScorer(inputs);
        for (CostProfile p : nab.profiles()) {
            ProfileScore s = scorer.optimised(p);
            assertThat(s.normalisedScore()).isCloseTo(100.0, within(1e-12));
            assertThat(s.totals().windowsDetected()).isEqualTo(116);
            assertThat(s.totals().fpRows()).isZero();
        }
    }

    /** A score as NAB's result CSVs hold it: Python 2's str(float), 12 significant digits. */
    private static double asStoredByNab(double score) {
        return new BigDecimal(score).round(new MathContext(12, RoundingMode.HALF_EVEN)).doubleValue();
    }
}
