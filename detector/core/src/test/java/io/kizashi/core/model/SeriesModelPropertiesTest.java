package io.kizashi.core.model;

import io.kizashi.core.testing.Synthetic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants over many random series: bounds contain the expected value; surprise grows with deviation. */
class SeriesModelPropertiesTest {

    static final Instant START = Instant.parse("2026-02-02T00:00:00Z");

    @Test
    void boundsAlwaysContainExpectedAndScoresStayInRange() {
        SplittableRandom seeds = new SplittableRandom(31);
        for (int k = 0; k < 40; k++) {
            long seed = seeds.nextLong();
            SplittableRandom rnd = new SplittableRandom(seed);
            double level = rnd.nextDouble(-1000, 1000);
            double sigma = Math.pow(10, rnd.nextDouble(-3, 3));
            double amplitude = rnd.nextBoolean() ? sigma * rnd.nextDouble(0, 20) : 0;
            Duration step = Duration.ofMinutes(rnd.nextInt(1, 61));
            Synthetic s = Synthetic.gaussian(seed, START, step, 1500, sigma,
                    i -> level + Synthetic.daily(START.plus(step.multipliedBy(i)), amplitude) + (i % 97 == 0 ? 15 * sigma : 0));
            SeriesModel m = SeriesModel.create(ModelConfig.defaults());
            for (int i = 0; i < s.size(); i++) {
                BucketResult r = m.observe(s.at(i), s.values[i]);
                assertThat(r.lower()).as("seed %d bucket %d", seed, i).isLessThanOrEqualTo(r.expected());
                assertThat(r.upper()).as("seed %d bucket %d", seed, i).isGreaterThanOrEqualTo(r.expected());
                assertThat(r.score()).isBetween(0.0, 100.0);
                assertThat(r.probability()).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void surpriseNeverDecreasesAsTheValueMovesAwayFromExpected() {
        SplittableRandom seeds = new SplittableRandom(32);
        for (int k = 0; k < 20; k++) {
            long seed = seeds.nextLong();
            Duration step = Duration.ofMinutes(5);
            Synthetic s = Synthetic.gaussian(seed, START, step, 1200, 2, i -> 50);
            SeriesModel m = SeriesModel.create(ModelConfig.defaults());
            for (int i = 0; i < s.size(); i++) {
                m.observe(s.at(i), s.values[i]);
            }
            byte[] state = m.toBytes();
            Instant next = s.at(s.size());
            for (int sign : new int[] {1, -1}) {
                double previous = 1;
                for (double dev = 0; dev <= 40; dev += 0.5) {
                    SeriesModel probe = SeriesModel.fromBytes(state, ModelConfig.defaults());
                    BucketResult r = probe.observe(next, 50 + sign * dev);
                    assertThat(r.probability()).as("seed %d deviation %s%s", seed, sign > 0 ? "+" : "-", dev)
                            .isLessThanOrEqualTo(previous);
                    previous = r.probability();
                }
            }
        }
    }
}
