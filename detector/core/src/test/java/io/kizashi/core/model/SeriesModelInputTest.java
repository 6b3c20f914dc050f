package io.kizashi.core.model;

import io.kizashi.core.testing.Synthetic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad values are refused with a reason and leave the model exactly as it was; gaps are handled. */
class SeriesModelInputTest {

    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    static SeriesModel warmed(int n) {
        SeriesModel m = SeriesModel.create(ModelConfig.defaults().withValueKind(ValueKind.COUNT));
        Synthetic s = Synthetic.poisson(3, START, MINUTE, n, i -> 40);
        for (int i = 0; i < n; i++) {
            m.observe(s.at(i), s.values[i]);
        }
        return m;
    }

    @Test
    void refusedValuesKeepStateUntouched() {
        SeriesModel m = warmed(500);
        byte[] before = m.toBytes();
        Instant next = START.plus(MINUTE.multipliedBy(500));
        assertRefused(m.observe(next, Double.NaN), Reason.NOT_FINITE);
        assertRefused(m.observe(next, Double.POSITIVE_INFINITY), Reason.NOT_FINITE);
        assertRefused(m.observe(next, 1e300), Reason.ABSURD_MAGNITUDE);
        assertRefused(m.observe(next, -3), Reason.OUT_OF_DOMAIN);
        assertRefused(m.observe(START.plus(MINUTE.multipliedBy(10)), 40), Reason.OUT_OF_ORDER);
        assertThat(m.toBytes()).as("state after refused values").isEqualTo(before);
        assertThat(m.observe(next, 41).status()).isEqualTo(ResultStatus.SCORED);
    }

    private static void assertRefused(BucketResult r, Reason reason) {
        assertThat(r.status()).isEqualTo(ResultStatus.REJECTED);
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.anomalous()).isFalse();
        assertThat(r.score()).isZero();
    }

    @Test
    void gapsAreMissingNotAnomalies() {
        SeriesModel m = warmed(800);
        byte[] before = m.toBytes();
        for (int i = 800; i < 860; i++) {
            BucketResult r = m.missing(START.plus(MINUTE.multipliedBy(i)));
            assertThat(r.status()).isEqualTo(ResultStatus.MISSING);
            assertThat(r.expected()).as("a missing bucket still has an expected value").isBetween(30.0, 50.0);
        }
        // missing buckets teach nothing
        assertThat(m.toBytes()).isEqualTo(before);
        Synthetic s = Synthetic.poisson(4, START.plus(MINUTE.multipliedBy(860)), MINUTE, 200, i -> 40);
        long alarms = 0;
        for (int i = 0; i < s.size(); i++) {
            alarms += m.observe(s.at(i), s.values[i]).anomalous() ? 1 : 0;
        }
        assertThat(alarms).as("no alarm after a one-hour gap in a steady series").isZero();
    }

    @Test
    void configurationIsValidatedWithTheFieldAndTheFix() {
        assertThatThrownBy(() -> ModelConfig.defaults().withBoundsCoverage(1.5))
                .hasMessageContaining("bounds_coverage").hasMessageContaining("1.5");
        assertThatThrownBy(() -> ModelConfig.defaults().withBucketSpan(Duration.ofMillis(1500)))
                .hasMessageContaining("bucket_span").hasMessageContaining("1m");
        assertThatThrownBy(() -> ModelConfig.defaults().withLearningBuckets(1)).hasMessageContaining("learning_buckets");
    }
}
