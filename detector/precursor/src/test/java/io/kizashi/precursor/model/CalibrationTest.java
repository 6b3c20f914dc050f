package io.kizashi.precursor.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrationTest {

    /** Outcomes drawn with exactly the raw probability: the fit must be close to the identity. */
    @Test
    void alreadyCalibratedScoresStayAsTheyAre() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 200_000;
        double[] raw = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            raw[i] = 0.01 + 0.98 * r.nextDouble();
            y[i] = r.nextDouble() < raw[i];
        }
        Calibration c = Calibration.fit(raw, y);
        assertThat(c.a()).isCloseTo(1, within(0.03));
        assertThat(c.b()).isCloseTo(0, within(0.03));
    }

    /** Raw scores twice as confident (in logit) as the outcomes warrant: slope about 0.5. */
    @Test
    void overconfidentScoresAreShrunk() {
        SplittableRandom r = new SplittableRandom(6);
        int n = 200_000;
        double[] raw = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double x = -4 + 8 * r.nextDouble();
            double truth = 1 / (1 + Math.exp(-x));
            raw[i] = 1 / (1 + Math.exp(-2 * x));
            y[i] = r.nextDouble() < truth;
        }
        assertThat(Calibration.fit(raw, y).a()).isCloseTo(0.5, within(0.02));
    }

    @Test
    void anInvertedFitKeepsTheRankingAndOnlyMovesTheLevel() {
        double[] raw = {0.9, 0.8, 0.2, 0.1, 0.85, 0.15};
        boolean[] y = {false, false, true, true, false, false};
        Calibration c = Calibration.fit(raw, y);
        assertThat(c.a()).isEqualTo(1);
        assertThat(c.apply(0.9)).isGreaterThan(c.apply(0.1));
        assertThat(Calibration.fit(raw, new boolean[6])).isEqualTo(Calibration.IDENTITY);
    }
}
