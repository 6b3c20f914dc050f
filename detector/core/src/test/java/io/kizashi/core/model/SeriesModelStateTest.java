package io.kizashi.core.model;

import io.kizashi.core.calendar.BusinessCalendar;
import io.kizashi.core.state.CorruptStateException;
import io.kizashi.core.testing.Synthetic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state round-trips exactly: a restored model continues with identical results. */
class SeriesModelStateTest {

    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    static Synthetic series(long seed) {
        Duration fiveMin = Duration.ofMinutes(5);
        return Synthetic.gaussian(seed, START, fiveMin, 288 * 20, 3, i -> {
            Instant t = START.plus(fiveMin.multipliedBy(i));
            double drift = i * 0.002;
            double incident = i >= 4000 && i < 4010 ? 40 : 0;
            return 70 + Synthetic.daily(t, 25) + drift + incident;
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 47, 300, 2880, 4005})
    void restoredModelContinuesIdentically(int cut) {
        Synthetic s = series(21);
        ModelConfig cfg = ModelConfig.defaults().withCalendar(BusinessCalendar.of(ZoneId.of("Asia/Tokyo")));
        SeriesModel original = SeriesModel.create(cfg);
        for (int i = 0; i < cut; i++) {
            original.observe(s.at(i), s.values[i]);
        }
        SeriesModel restored = SeriesModel.fromBytes(original.toBytes(), cfg);
        assertThat(restored.toBytes()).isEqualTo(original.toBytes());
        List<BucketResult> a = new ArrayList<>();
        List<BucketResult> b = new ArrayList<>();
        for (int i = cut; i < s.size(); i++) {
            a.add(original.observe(s.at(i), s.values[i]));
            b.add(restored.observe(s.at(i), s.values[i]));
        }
        assertThat(b).isEqualTo(a);
        assertThat(restored.forecast(288, 0.9, 200)).isEqualTo(original.forecast(288, 0.9, 200));
    }

    @Test
    void stateIsCompact() {
        Synthetic s = series(22);
        SeriesModel m = SeriesModel.create(ModelConfig.defaults());
        for (int i = 0; i < s.size(); i++) {
            m.observe(s.at(i), s.values[i]);
        }
        assertThat(m.toBytes().length).as("serialised bytes of a model with daily and weekly profiles").isLessThan(4096);
    }

    @Test
    void damagedTruncatedOrMismatchedStateIsRefusedClearly() {
        Synthetic s = series(23);
        SeriesModel m = SeriesModel.create(ModelConfig.defaults());
        for (int i = 0; i < 600; i++) {
            m.observe(s.at(i), s.values[i]);
        }
        byte[] bytes = m.toBytes();
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        assertThatThrownBy(() -> SeriesModel.fromBytes(flipped, ModelConfig.defaults()))
                .isInstanceOf(CorruptStateException.class).hasMessageContaining("checksum");
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 9);
        assertThatThrownBy(() -> SeriesModel.fromBytes(truncated, ModelConfig.defaults()))
                .isInstanceOf(CorruptStateException.class);
        assertThatThrownBy(() -> SeriesModel.fromBytes(new byte[] {1, 2, 3}, ModelConfig.defaults()))
                .isInstanceOf(CorruptStateException.class);
        assertThatThrownBy(() -> SeriesModel.fromBytes(bytes, ModelConfig.defaults().withValueKind(ValueKind.RATIO)))
                .isInstanceOf(CorruptStateException.class).hasMessageContaining("value_kind");
    }
}
