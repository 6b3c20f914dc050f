package io.kizashi.precursor.features;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.DeviationKind;
import io.kizashi.precursor.corpus.EntityRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feature at bucket t must not depend on any bucket after t: the same history followed by two different
 * futures must give identical vectors up to t (and different ones after, or the test could not fail).
 */
class NoLookAheadTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final int N = 120;
    private static final int CUT = 60;

    private static List<double[]> stream(long futureSeed) {
        SplittableRandom past = new SplittableRandom(7);
        SplittableRandom future = new SplittableRandom(futureSeed);
        EntityFeatures f = new EntityFeatures(FeatureSchema.withNamedMetrics(List.of("m0", "m2")));
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            SplittableRandom r = i <= CUT ? past : future;
            Instant t = T0.plus(Duration.ofMinutes(i));
            Map<String, BucketResult> m = new LinkedHashMap<>();
            for (int k = 0; k < 4; k++) {
                double z = r.nextGaussian() * (1 + k);
                double p = Math.pow(10, -5 * r.nextDouble());
                m.put("m" + k, r.nextInt(10) == 0 ? Results.missing(t)
                        : Results.scored(t, z, p, Math.min(100, 10 * -Math.log10(p)), r.nextBoolean() ? DeviationKind.SPIKE : DeviationKind.NONE,
                        r.nextInt(15) == 0));
            }
            out.add(f.observe(t, m));
        }
        return out;
    }

    @Test
    void featuresUpToABucketIgnoreEveryLaterBucket() {
        List<double[]> a = stream(1);
        List<double[]> b = stream(2);
        for (int i = 0; i <= CUT; i++) {
            assertThat(b.get(i)).as("bucket %d", i).containsExactly(a.get(i));
        }
        boolean differs = false;
        for (int i = CUT + 1; i < N; i++) {
            differs |= !java.util.Arrays.equals(a.get(i), b.get(i));
        }
        assertThat(differs).as("different futures must change later features").isTrue();
    }

    @Test
    void throughTheCoreToo() {
        List<double[]> a = runCore(11);
        List<double[]> b = runCore(12);
        for (int i = 0; i <= 400; i++) {
            assertThat(b.get(i)).as("bucket %d", i).containsExactly(a.get(i));
        }
        assertThat(java.util.Arrays.equals(a.get(450), b.get(450))).isFalse();
    }

    private static List<double[]> runCore(long futureSeed) {
        EntityRunner runner = new EntityRunner("e", FeatureSchema.metricAgnostic());
        SplittableRandom past = new SplittableRandom(3);
        SplittableRandom future = new SplittableRandom(futureSeed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            SplittableRandom r = i <= 400 ? past : future;
            double shift = i > 400 ? 30 * r.nextDouble() : 0;
            double[] v = {100 + 5 * r.nextGaussian() + shift, 10 + r.nextGaussian(), 50 + 3 * Math.sin(i / 20.0) + r.nextGaussian()};
            out.add(runner.observe(T0.plus(Duration.ofMinutes(5L * i)), List.of("x", "y", "z"), v).features());
        }
        return out;
    }
}
