package io.kizashi.evaluation.reference;

import io.kizashi.evaluation.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WindowedGaussianDetectorTest {

    private static final Instant T = Instant.parse("2014-04-01T00:00:00Z");

    @Test
    void firstPointScoresZeroAndAZeroDeviationBecomesOneMillionth() {
        WindowedGaussianDetector d = new WindowedGaussianDetector();
        assertThat(d.observe(T, 0.0).anomalyScore()).isEqualTo(0.0);
        // mean 0, std 0 -> 1e-6: the same value sits at the mean (tail 0.5) ...
        assertThat(d.observe(T, 0.0).anomalyScore()).isEqualTo(0.5);
        // ... and 1.0 is a million deviations away: 1 - Q(1e6) rounds to exactly 1
        Verdict far = d.observe(T, 1.0);
        assertThat(far.anomalyScore()).isEqualTo(1.0);
        assertThat(far.isAnomaly()).isTrue();
    }

    @Test
    void fullWindowSlidesOnlyEveryHundredValues() {
        WindowedGaussianDetector d = new WindowedGaussianDetector();
        for (int i = 0; i < WindowedGaussianDetector.WINDOW_SIZE; i++) {
            d.observe(T, i % 2 == 0 ? 1.0 : -1.0); // mean 0, std 1
        }
        // The next 100 values are judged against mean 0, std 1: 1 - Q(1).
        for (int i = 0; i < WindowedGaussianDetector.STEP_SIZE; i++) {
            Verdict v = d.observe(T, 1.0);
            assertThat(v.anomalyScore()).isCloseTo(0.8413447460685429, within(4e-16));
            assertThat(v.isAnomaly()).isFalse();
        }
        // Then the window is the last 6300 alternating values plus 100 ones: mean 1/64, variance 0.999755859375.
        assertThat(d.observe(T, 1.0).anomalyScore()).isCloseTo(0.8375639511162374, within(4e-16));
    }

    @Test
    void deviationsBelowTheMeanScoreLikeThoseAbove() {
        WindowedGaussianDetector up = new WindowedGaussianDetector();
        WindowedGaussianDetector down = new WindowedGaussianDetector();
        double[] history = {3, 5, 4, 6, 5, 4};
        for (double h : history) {
            up.observe(T, h);
            down.observe(T, h);
        }
        // mean 4.5: 6.2 and 2.8 are equally far
        assertThat(up.observe(T, 6.2).anomalyScore()).isEqualTo(down.observe(T, 2.8).anomalyScore());
    }

    @Test
    void decisionThresholdIsConfigurable() {
        WindowedGaussianDetector d = new WindowedGaussianDetector(0.5);
        d.observe(T, 0.0);
        assertThat(d.observe(T, 0.0).isAnomaly()).isTrue(); // score 0.5 >= 0.5
    }
}
