package io.kizashi.precursor.features;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.DeviationKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EntityFeaturesTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    /**
     * Metric a drifts out of its band (residuals 0.5, 1, 1.5, 2 half-widths, probabilities 0.5 .. 1e-4, an alarm
     * of score 50 at the third bucket), b stays on its baseline and has a change point at the second bucket,
     * c never has a value.
     */
    private static double[] fourBuckets(EntityFeatures f) {
        double[] z = {0.5, 1, 1.5, 2};
        double[] p = {0.5, 0.1, 1e-3, 1e-4};
        double[] score = {0, 0, 50, 20};
        double[] out = null;
        for (int i = 0; i < 4; i++) {
            Instant t = T0.plus(Duration.ofMinutes(5L * i));
            Map<String, BucketResult> m = new LinkedHashMap<>();
            m.put("a", Results.scored(t, z[i], p[i], score[i], i == 3 ? DeviationKind.SUSTAINED : DeviationKind.NONE, false));
            m.put("b", Results.scored(t, 0, 1, 0, DeviationKind.NONE, i == 1));
            m.put("c", Results.missing(t));
            out = f.observe(t, m);
        }
        return out;
    }

    @Test
    void everyAggregateMatchesItsHandComputedValue() {
        double[] f = fourBuckets(new EntityFeatures(FeatureSchema.metricAgnostic()));
        double stdA = Math.sqrt(0.3125); // population std of 0.5, 1, 1.5, 2
        Map<String, Double> want = new LinkedHashMap<>();
        want.put("max_surprise", 0.4);                       // -log10(1e-4) / 10
        want.put("second_surprise", 0.0);
        want.put("mean_surprise", 0.2);                      // (0.4 + 0) / 2 scored metrics
        want.put("max_score", 0.2);
        want.put("frac_deviating", 0.5);
        want.put("frac_outside_band", 0.5);
        want.put("max_abs_resid", 0.2);                      // |z| = 2, over the clip of 10
        want.put("mean_abs_resid", 0.1);
        want.put("frac_high", 0.5);
        want.put("frac_low", 0.0);
        want.put("frac_sustained", 0.5);
        want.put("frac_scored", 2 / 3.0);
        want.put("max_abs_resid_short", 0.15);               // mean of 1, 1.5, 2
        want.put("max_abs_resid_long", 0.125);               // mean of 0.5 .. 2
        want.put("mean_abs_resid_long", 1.25 / 3 / 10);      // a, b (0), c (no values: 0)
        want.put("max_slope_abs_resid", 0.5);
        want.put("mean_slope_abs_resid", 0.5 / 3);
        want.put("max_abs_slope_resid", 0.5);
        want.put("max_volatility", stdA / 10);
        want.put("mean_volatility", stdA / 3 / 10);
        want.put("max_volatility_ratio", stdA / (stdA + 0.1) / 10);
        want.put("max_run_outside", 2 / 24.0);               // 1.5 and 2 are beyond 1; 1 is not
        want.put("max_surprise_max_mid", 0.4);
        want.put("max_surprise_mean_long", (Math.log10(2) / 10 + 0.1 + 0.3 + 0.4) / 4);
        want.put("mean_surprise_mean_mid", (Math.log10(2) / 10 + 0.1 + 0.3 + 0.4) / 8);
        want.put("frac_deviating_mean_mid", 0.25);           // 0, 0, 0.5, 0.5
        want.put("frac_deviating_mean_long", 0.25);
        want.put("frac_deviating_slope", 1.0);               // slope 0.2 per bucket x 12, clipped to 1
        want.put("frac_outside_mean_mid", 0.25);
        want.put("frac_outside_slope", 1.0);
        want.put("frac_change_now", 0.0);
        want.put("frac_change_recent", 1 / 3.0);             // b's change two buckets ago
        want.put("alarm_recency", 1 - 1 / 24.0);             // the alarm one bucket ago
        List<String> names = FeatureSchema.metricAgnostic().names();
        assertThat(want.keySet()).containsExactlyElementsOf(names);
        for (int i = 0; i < names.size(); i++) {
            assertThat(f[i]).as(names.get(i)).isCloseTo(want.get(names.get(i)), within(1e-12));
        }
    }

    @Test
    void namedMetricsAddTheirOwnFeaturesAndZerosForAnAbsentMetric() {
        FeatureSchema s = FeatureSchema.withNamedMetrics(List.of("a", "zzz"));
        double[] f = fourBuckets(new EntityFeatures(s));
        int base = FeatureSchema.AGGREGATES.size();
        assertThat(s.names().subList(base, base + 4)).containsExactly("m:a:resid", "m:a:surprise", "m:a:abs_resid_long", "m:a:slope_resid");
        assertThat(f[base]).isCloseTo(0.2, within(1e-12));
        assertThat(f[base + 1]).isCloseTo(0.4, within(1e-12));
        assertThat(f[base + 2]).isCloseTo(0.125, within(1e-12));
        assertThat(f[base + 3]).isCloseTo(0.5, within(1e-12));
        assertThat(new double[] {f[base + 4], f[base + 5], f[base + 6], f[base + 7]}).containsOnly(0.0);
    }

    @Test
    void residualIsInUnitsOfTheBandHalfWidthAndClipped() {
        assertThat(EntityFeatures.residual(Results.scored(T0, 1.5, 0.5, 0, DeviationKind.NONE, false))).isCloseTo(1.5, within(1e-12));
        assertThat(EntityFeatures.residual(Results.scored(T0, 400, 0.5, 0, DeviationKind.NONE, false))).isEqualTo(10);
        assertThat(EntityFeatures.residual(Results.missing(T0))).isNaN();
    }

    @Test
    void bucketsMustMoveForward() {
        EntityFeatures f = new EntityFeatures(FeatureSchema.metricAgnostic());
        f.observe(T0, Map.of());
        assertThatThrownBy(() -> f.observe(T0, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not after the previous bucket");
    }

    @Test
    void schemaMismatchNamesTheDifference() {
        FeatureSchema a = FeatureSchema.metricAgnostic();
        FeatureSchema b = FeatureSchema.withNamedMetrics(List.of("latency"));
        assertThat(a.mismatch(a)).isNull();
        assertThat(a.mismatch(b)).contains("only in bundle: [m:latency:resid");
        assertThat(a.mismatch(new FeatureSchema(2, List.of(), a.names()))).contains("version 2");
    }
}
