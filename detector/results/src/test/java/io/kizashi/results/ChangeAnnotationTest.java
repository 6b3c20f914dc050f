package io.kizashi.results;

import io.kizashi.core.change.ChangePoint;
import io.kizashi.core.change.ChangeType;
import io.kizashi.core.series.SeriesKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The annotation of a confirmed change says what changed, in the change's own unit, and scores its size. */
class ChangeAnnotationTest {

    static final SeriesKey KEY = new SeriesKey("web", "p95", Map.of("service.name", "auth"));
    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant CONFIRMED = Instant.parse("2026-03-03T10:00:00Z");

    @Test
    void aLevelShiftIsInSpreadsAndScoresTenPerSpread() {
        Annotation a = ResultsWriter.changeAnnotation(KEY, new ChangePoint(ChangeType.LEVEL_SHIFT, START, CONFIRMED, 40, 50, 5));
        assertThat(a.title()).isEqualTo("p95 level shift on auth");
        assertThat(a.message()).startsWith("p95 changed from 40.00 to 50.00 (5.0 spreads)");
        assertThat(a.score()).isEqualTo(50);
        assertThat(a.direction()).isEqualTo("high");
    }

    @Test
    void aVarianceChangeIsARatioOfSpreadsAndAHalvingWeighsAsMuchAsADoubling() {
        Annotation up = ResultsWriter.changeAnnotation(KEY, new ChangePoint(ChangeType.VARIANCE_CHANGE, START, CONFIRMED, 2, 6, 3));
        assertThat(up.title()).isEqualTo("p95 variance change on auth");
        assertThat(up.message()).startsWith("the noise of p95 changed from a spread of 2.000 to 6.000 (x3.00)");
        assertThat(up.score()).isEqualTo(30);
        assertThat(up.direction()).isEqualTo("high");
        // a spread that fell to a quarter is a change of size 4, not 0.25
        Annotation down = ResultsWriter.changeAnnotation(KEY, new ChangePoint(ChangeType.VARIANCE_CHANGE, START, CONFIRMED, 2, 0.5, 0.25));
        assertThat(down.message()).contains("(x0.25)");
        assertThat(down.score()).isEqualTo(40);
        assertThat(down.direction()).isEqualTo("low");
    }
}
