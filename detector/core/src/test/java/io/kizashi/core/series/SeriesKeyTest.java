package io.kizashi.core.series;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesKeyTest {

    @Test
    void splitOrderDoesNotChangeIdentity() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("service.name", "auth");
        a.put("kubernetes.pod.name", "auth-1");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("kubernetes.pod.name", "auth-1");
        b.put("service.name", "auth");
        SeriesKey x = new SeriesKey("web", "p95", a);
        SeriesKey y = new SeriesKey("web", "p95", b);
        assertThat(x).isEqualTo(y);
        assertThat(x.id()).isEqualTo(y.id()).hasSize(22);
        assertThat(x.canonical()).isEqualTo("web|p95|kubernetes.pod.name=auth-1|service.name=auth");
    }

    @Test
    void separatorsInValuesCannotForgeAnotherSeries() {
        SeriesKey forged = new SeriesKey("j", "m", Map.of("a", "x|b=y"));
        SeriesKey real = new SeriesKey("j", "m", Map.of("a", "x", "b", "y"));
        assertThat(forged.canonical()).isNotEqualTo(real.canonical());
        assertThat(forged.id()).isNotEqualTo(real.id());
    }

    @Test
    void emptyNamesAreRefused() {
        assertThatThrownBy(() -> SeriesKey.of("", "m")).hasMessageContaining("job_id");
        assertThatThrownBy(() -> new SeriesKey("j", "m", Map.of(" ", "v"))).hasMessageContaining("split field");
    }
}
