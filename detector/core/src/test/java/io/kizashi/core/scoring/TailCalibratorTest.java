package io.kizashi.core.scoring;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TailCalibratorTest {

    /** Exponential(1) values: the 97 % quantile is ln(1/0.03) = 3.51, and P(X > 8) = e^-8 = 3.4e-4. */
    private static double exp(SplittableRandom rnd) {
        return -Math.log(1 - rnd.nextDouble());
    }

    @Test
    void theThresholdStartsAtMeanPlusTwoDeviationsOfTheWarmUpNotAtItsFirstValue() {
        TailCalibrator c = new TailCalibrator();
        // an outlier first (as the first residuals of a young baseline are), then 29 values 1..29 % 3 = 0, 1, 2
        double[] values = new double[TailCalibrator.WARMUP];
        values[0] = 50;
        for (int i = 1; i < values.length; i++) {
            values[i] = i % 3;
        }
        double mean = 0;
        double sq = 0;
        for (double v : values) {
            mean += v / values.length;
            sq += v * v / values.length;
        }
        double expected = mean + 2 * Math.sqrt(sq - mean * mean);
        for (double v : values) {
            assertThat(c.probability(v)).isEqualTo(1);
            c.update(v);
        }
        assertThat(c.quantile(1 - TailCalibrator.QUANTILE)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void anEarlyOutlierDoesNotBlindTheTail() {
        // the stochastic-approximation threshold steps down 32 times slower than up (0.02 x mean x 0.03 = 0.0006
        // a value here): started on a first value of 10 it would still sit above 9.6 after 500 values. Started
        // from the warm-up's moments it is within reach of the true 3.51 at once.
        SplittableRandom rnd = new SplittableRandom(7);
        TailCalibrator c = new TailCalibrator();
        c.update(10);
        for (int i = 0; i < 500; i++) {
            c.update(exp(rnd));
        }
        assertThat(c.quantile(1 - TailCalibrator.QUANTILE)).isLessThan(6);
        assertThat(c.probability(9)).isLessThan(0.01);
    }

    @Test
    void isolatedExcessesTeachBothKindsAlike() {
        // every excess is alone (values above the threshold never follow each other): no runs, same fit
        SplittableRandom rnd = new SplittableRandom(11);
        TailCalibrator plain = new TailCalibrator();
        TailCalibrator declustering = new TailCalibrator();
        double previous = 0;
        for (int i = 0; i < 3000; i++) {
            double v = exp(rnd);
            if (previous > 2 && v > 2) {
                v = 0.5; // break any run
            }
            plain.update(v);
            declustering.updateDeclustered(v);
            previous = v;
        }
        for (double a : new double[] {4, 6, 8, 12}) {
            assertThat(declustering.probability(a)).isEqualTo(plain.probability(a));
        }
    }

    @Test
    void aSustainedRunDoesNotMakeItselfNormalWhenDeclustered() {
        SplittableRandom rnd = new SplittableRandom(3);
        TailCalibrator plain = new TailCalibrator();
        TailCalibrator declustering = new TailCalibrator();
        for (int i = 0; i < 2000; i++) {
            double v = exp(rnd);
            plain.update(v);
            declustering.updateDeclustered(v);
        }
        double before = declustering.probability(12);
        // chance runs of two or three excesses weigh a little less when declustered: the two fits are close
        assertThat(before).isCloseTo(plain.probability(12), within(0.2 * before)).isLessThan(1e-4);
        // an incident: 40 values in a row at 12 (a creeping or sustained deviation)
        for (int i = 0; i < 40; i++) {
            plain.update(12);
            declustering.updateDeclustered(12);
        }
        // weights 1, 1/2, ..., 1/40 add up to 4.3 excesses instead of 40: the declustered tail still finds 12 rare,
        // the plain one has learned it as about ten times more ordinary
        assertThat(declustering.probability(12)).isLessThan(1e-3);
        assertThat(plain.probability(12)).isGreaterThan(5 * declustering.probability(12));
    }

    @Test
    void aVersionOneCalibratorSavedInItsWarmUpRestartsIt() {
        // version 1's layout (no run length), ten values in: threshold = its first value 7, excess moments
        byte[] v1 = new StateWriter().f64(7).f64(1.5).f64(0.4).f64(0.3).i64(10).i64(2).toByteArray();
        TailCalibrator c = TailCalibrator.read(new StateReader(v1), 1);
        double[] values = new double[TailCalibrator.WARMUP];
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + i % 4;
            mean += values[i] / values.length;
            sq += values[i] * values[i] / values.length;
        }
        for (double v : values) {
            assertThat(c.probability(v)).isEqualTo(1);
            c.update(v);
        }
        assertThat(c.quantile(1 - TailCalibrator.QUANTILE)).isCloseTo(mean + 2 * Math.sqrt(sq - mean * mean), within(1e-9));
    }
}
