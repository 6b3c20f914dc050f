package io.kizashi.evaluation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-computed NAB scores. The file has 100 rows (probation = floor(0.15 * 100) = 15 rows) and one
 * window on rows 40..49 (width 10). Expected values were computed from the published formulas:
 * S(x) = 2 / (1 + e^{5x}) - 1, a detection at row i of the window is worth S(-(49 - i + 1) / 10) / S(-1),
 * a false positive at row j after it costs fpWeight * S(|49 - j| / 9).
 */
class NabScorerTest {

    private static final Instant T0 = Instant.parse("2014-04-01T00:00:00Z");
    private static final CostProfile STANDARD = CostProfile.standard();

    private static List<Instant> times(int n) {
        List<Instant> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(T0.plus(Duration.ofMinutes(5L * i)));
        }
        return ts;
    }

    private static Window window(int first, int last) {
        return new Window(T0.plus(Duration.ofMinutes(5L * first)), T0.plus(Duration.ofMinutes(5L * last)));
    }

    /** One 100-row file with a window on rows 40..49 and score 1 on the given rows, 0 elsewhere. */
    private static ScoringInput file(int... detections) {
        double[] s = new double[100];
        for (int d : detections) {
            s[d] = 1.0;
        }
        return new ScoringInput("g/f.csv", times(100), s, List.of(window(40, 49)));
    }

    private static double rawAtHalf(ScoringInput in, CostProfile p) {
        return new NabScorer(List.of(in)).atThreshold(p, 0.5).rawScore();
    }

    @Test
    void probationIsFifteenPercentCappedAt750Rows() {
        assertThat(NabScorer.probationRows(100)).isEqualTo(15);
        assertThat(NabScorer.probationRows(4032)).isEqualTo(604);
        assertThat(NabScorer.probationRows(5000)).isEqualTo(750);
        assertThat(NabScorer.probationRows(22695)).isEqualTo(750);
    }

    @Test
    void scaledSigmoidHasThePublishedShape() {
        assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(0.0)).isEqualTo(0.0);
        assertThat(NabScorer.scaledSigmoid(1.0)).isCloseTo(-0.98661, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(3.0001)).isEqualTo(-1.0);
    }

    @Test
    void detectionAtTheLeftEdgeEarnsTheFullTpWeight() {
        assertThat(rawAtHalf(file(40), STANDARD)).isEqualTo(1.0);
    }

    @Test
    void detectionInTheCentreEarnsLess() {
        // i = 45: position -(49 - 45 + 1)/10 = -0.5 -> S(-0.5)/S(-1)
        assertThat(rawAtHalf(file(45), STANDARD)).isCloseTo(0.8597925669097837, within(1e-15));
    }

    @Test
    void detectionAtTheRightEdgeEarnsAlmostNothing() {
        // i = 49: position -1/10
        assertThat(rawAtHalf(file(49), STANDARD)).isCloseTo(0.24824154977542992, within(1e-15));
    }

    @Test
    void onlyTheEarliestDetectionOfAWindowCounts() {
        ProfileScore s = new NabScorer(List.of(file(42, 40, 45))).atThreshold(STANDARD, 0.5);
        assertThat(s.rawScore()).isEqualTo(1.0);
        assertThat(s.totals().tpRows()).isEqualTo(3);
        assertThat(s.totals().windowsDetected()).isEqualTo(1);
    }

    @Test
    void missedWindowCostsTheFnWeight() {
        assertThat(rawAtHalf(file(), STANDARD)).isEqualTo(-1.0);
        assertThat(rawAtHalf(file(), CostProfile.rewardLowFnRate())).isEqualTo(-2.0);
    }

    @Test
    void falsePositiveBeforeAnyWindowCostsTheFullFpWeight() {
        assertThat(rawAtHalf(file(20), STANDARD)).isCloseTo(-1.11, within(1e-15));
        assertThat(rawAtHalf(file(20), CostProfile.rewardLowFpRate())).isCloseTo(-1.22, within(1e-15));
    }

    @Test
    void falsePositiveJustAfterAWindowIsCheap() {
        // j = 50: S(1/9) * 0.11 = -0.0297931830368...
        assertThat(rawAtHalf(file(50), STANDARD)).isCloseTo(-1.0 - 0.029793183036839352, within(1e-15));
    }

    @Test
    void falsePositiveFarAfterAWindowCostsTheFullFpWeight() {
        // j = 77: |49 - 77| / 9 = 3.11 > 3
        assertThat(rawAtHalf(file(77), STANDARD)).isCloseTo(-1.11, within(1e-15));
    }

    @Test
    void probationRowsAreIgnored() {
        ProfileScore s = new NabScorer(List.of(file(3, 14))).atThreshold(STANDARD, 0.5);
        assertThat(s.rawScore()).isEqualTo(-1.0);
        assertThat(s.totals().fpRows()).isZero();
        assertThat(s.totals().probationRows()).isEqualTo(15);
        assertThat(s.totals().tnRows() + s.totals().fnRows()).isEqualTo(85);
    }

    @Test
    void windowReachingIntoProbationIsScoredFromItsFirstScoredRowWithItsFullWidth() {
        double[] s = new double[100];
        s[14] = 1.0; // in probation: ignored
        s[15] = 1.0; // first scored row of window 10..20 (width 11): position -(20 - 15 + 1)/11
        ScoringInput in = new ScoringInput("g/f.csv", times(100), s, List.of(window(10, 20)));
        assertThat(new NabScorer(List.of(in)).atThreshold(STANDARD, 0.5).rawScore())
                .isCloseTo(0.8891354877348165, within(1e-15));
    }

    @Test
    void windowWhollyInsideProbationIsNotScoredNorCounted() {
        ScoringInput in = new ScoringInput("g/f.csv", times(100), new double[100], List.of(window(2, 5), window(40, 49)));
        NabScorer scorer = new NabScorer(List.of(in));
        assertThat(scorer.windows()).isEqualTo(1);
        assertThat(scorer.atThreshold(STANDARD, 0.5).rawScore()).isEqualTo(-1.0);
    }

    @Test
    void sweepKeepsTheThresholdWithTheBestCorpusScore() {
        double[] s = new double[100];
        s[40] = 0.9;  // left edge: +1
        s[20] = 0.95; // FP before any window: -0.11
        s[60] = 0.3;  // FP 11 rows after the window: 0.11 * S(11/9)
        ScoringInput in = new ScoringInput("g/f.csv", times(100), s, List.of(window(40, 49)));
        ProfileScore best = new NabScorer(List.of(in)).optimised(STANDARD);
        // thresholds: 1.1 -> -1, 0.95 -> -1.11, 0.9 -> 0.89, 0.3 -> 0.89 + 0.11 S(11/9) < 0.89, 0 -> every row
        assertThat(best.threshold()).isEqualTo(0.9);
        assertThat(best.rawScore()).isCloseTo(0.89, within(1e-15));
        assertThat(best.totals().fpRows()).isEqualTo(1);
    }

    @Test
    void sweepPrefersTheHigherThresholdOnATie() {
        double[] s = new double[100];
        s[40] = 0.9;
        s[30] = 0.4; // rows 30 and 31 detected together cost the same as nothing else... make a tie:
        ScoringInput in = new ScoringInput("g/f.csv", times(100), s, List.of(window(40, 49)));
        // 0.9 -> +1; 0.4 -> 1 - 0.11; 0.0 -> many FPs. Scores at 0.9 and 1.1 differ, so add an exact tie:
        double[] t = new double[100];
        t[40] = 0.8;
        t[41] = 0.7; // a second detection in the same window adds nothing: 0.8 and 0.7 tie at +1
        ScoringInput tie = new ScoringInput("g/f.csv", times(100), t, List.of(window(40, 49)));
        assertThat(new NabScorer(List.of(tie)).optimised(STANDARD).threshold()).isEqualTo(0.8);
        assertThat(new NabScorer(List.of(in)).optimised(STANDARD).threshold()).isEqualTo(0.9);
    }

    @Test
    void noDetectionIsReportedAsThreshold1point1() {
        double[] s = new double[100];
        s[20] = 0.7; // only a false positive: never alarming is best
        ScoringInput in = new ScoringInput("g/f.csv", times(100), s, List.of(window(40, 49)));
        ProfileScore best = new NabScorer(List.of(in)).optimised(STANDARD);
        assertThat(best.threshold()).isEqualTo(NabScorer.NEVER);
        assertThat(best.rawScore()).isEqualTo(-1.0);
    }

    @Test
    void nullDetectorScoresZeroAndPerfectDetectorScores100() {
        ScoringInput perfect = file(40);
        double[] half = new double[100];
        java.util.Arrays.fill(half, 0.5);
        ScoringInput constant = new ScoringInput("g/f.csv", times(100), half, List.of(window(40, 49)));
        for (CostProfile p : CostProfile.nab()) {
            assertThat(new NabScorer(List.of(perfect)).optimised(p).normalisedScore()).isEqualTo(100.0);
            ProfileScore nul = new NabScorer(List.of(constant)).optimised(p);
            assertThat(nul.normalisedScore()).isEqualTo(0.0);
            assertThat(nul.nullScore()).isEqualTo(-p.fnWeight());
            assertThat(nul.perfectScore()).isEqualTo(p.tpWeight());
        }
    }

    @Test
    void normalisationIsRelativeToNullAndPerfect() {
        // raw 0.8597925669097837 with null -1 and perfect 1: 100 * (raw + 1) / 2
        ProfileScore s = new NabScorer(List.of(file(45))).atThreshold(STANDARD, 0.5);
        assertThat(s.normalisedScore()).isCloseTo(100 * (0.8597925669097837 + 1) / 2, within(1e-12));
    }

    @Test
    void scoresAreSummedOverFilesAndWindowsAreNamedPerFile() {
        ScoringInput a = new ScoringInput("g/a.csv", file(40).timestamps(), file(40).anomalyScores(), file(40).windows());
        ScoringInput b = new ScoringInput("g/b.csv", file().timestamps(), file().anomalyScores(), file().windows());
        ProfileScore s = new NabScorer(List.of(a, b)).optimised(STANDARD);
        assertThat(s.rawScore()).isEqualTo(0.0); // +1 and -1
        assertThat(s.files()).extracting(FileScore::rawScore).containsExactly(1.0, -1.0);
        assertThat(s.normalisedScore()).isEqualTo(50.0);
    }

    @Test
    void repeatedTimestampsAreScoredByPosition() {
        // rows 0..99, but row 61 repeats row 60's timestamp (a DST repeat): the window still spans rows 40..49
        List<Instant> ts = new ArrayList<>(times(100));
        ts.set(61, ts.get(60));
        double[] s = new double[100];
        s[61] = 1.0; // 12 rows after the window's end: |49 - 61| / 9 = 1.33
        ScoringInput in = new ScoringInput("g/f.csv", ts, s, List.of(window(40, 49)));
        assertThat(new NabScorer(List.of(in)).atThreshold(STANDARD, 0.5).rawScore())
                .isCloseTo(-1.0 + 0.11 * NabScorer.scaledSigmoid(12.0 / 9), within(1e-15));
    }
}
