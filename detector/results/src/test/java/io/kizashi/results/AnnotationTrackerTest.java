package io.kizashi.results;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.DeviationKind;
import io.kizashi.core.model.Direction;
import io.kizashi.core.model.Reason;
import io.kizashi.core.model.ResultStatus;
import io.kizashi.core.series.SeriesKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotationTrackerTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final Duration MIN = Duration.ofMinutes(1);
    static final SeriesKey KEY = new SeriesKey("web", "p95", Map.of("service.name", "auth"));

    static BucketResult bucket(int minute, double score) {
        boolean anomalous = score >= 40;
        return new BucketResult(T0.plus(MIN.multipliedBy(minute)), 100 + score, 100, 90, 110, anomalous ? 1e-5 : 1, score,
                anomalous, anomalous ? Direction.HIGH : Direction.NONE, anomalous ? DeviationKind.SUSTAINED : DeviationKind.NONE,
                anomalous ? Reason.SUSTAINED_SHIFT : Reason.NORMAL, ResultStatus.SCORED, List.of());
    }

    @Test
    void consecutiveAnomaliesAndShortGapsMergeIntoOneSpan() {
        AnnotationTracker t = new AnnotationTracker("web");
        double[] scores = {0, 50, 60, 0, 45, 80, 0, 0, 0, 0, 55};
        List<AnnotationTracker.Update> ups = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            AnnotationTracker.Update u = t.observe(KEY, MIN, bucket(i, scores[i]));
            if (u != null) {
                ups.add(u);
            }
        }
        // minutes 1-5 are one incident (the gap at 3 is one bucket); it closes after 3 quiet buckets (6, 7, 8)
        List<Annotation> first = ups.stream().map(AnnotationTracker.Update::annotation).filter(a -> a.start().equals(T0.plus(MIN))).toList();
        assertThat(first.stream().map(Annotation::id).distinct()).hasSize(1);
        Annotation closed = first.getLast();
        assertThat(closed.open()).isFalse();
        assertThat(closed.end()).isEqualTo(T0.plus(MIN.multipliedBy(6)));
        assertThat(closed.buckets()).isEqualTo(4);
        assertThat(closed.score()).isEqualTo(80);
        assertThat(closed.severity()).isEqualTo(Severity.CRITICAL);
        // new peaks at minutes 1, 2 and 5 ask for samples
        assertThat(ups.stream().filter(AnnotationTracker.Update::newPeak).map(u -> u.peak()))
                .containsExactly(T0.plus(MIN), T0.plus(MIN.multipliedBy(2)), T0.plus(MIN.multipliedBy(5)), T0.plus(MIN.multipliedBy(10)));
        // minute 10 opens a second annotation
        assertThat(t.openSeries()).containsExactly(KEY);
        assertThat(ups.getLast().annotation().start()).isEqualTo(T0.plus(MIN.multipliedBy(10)));
    }

    @Test
    void anOpenAnnotationGrowsWhileTheSeriesStillDeviatesAfterItsFirstBucket() {
        AnnotationTracker t = new AnnotationTracker("web");
        t.observe(KEY, MIN, bucket(0, 60));
        // the detector mutes the incident's following buckets (score 0) but their probability stays tiny
        AnnotationTracker.Update last = null;
        for (int i = 1; i <= 5; i++) {
            BucketResult muted = new BucketResult(T0.plus(MIN.multipliedBy(i)), 500, 100, 90, 110, 1e-4, 0, false, Direction.HIGH,
                    DeviationKind.SUSTAINED, Reason.SUSTAINED_SHIFT, ResultStatus.SCORED, List.of());
            last = t.observe(KEY, MIN, muted);
        }
        assertThat(last).isNotNull();
        assertThat(last.annotation().end()).isEqualTo(T0.plus(MIN.multipliedBy(6)));
        assertThat(last.annotation().buckets()).isEqualTo(6);
        // a deviating bucket without an open annotation does not open one
        AnnotationTracker fresh = new AnnotationTracker("web");
        assertThat(fresh.observe(KEY, MIN, new BucketResult(T0, 500, 100, 90, 110, 1e-4, 0, false, Direction.HIGH,
                DeviationKind.SUSTAINED, Reason.SUSTAINED_SHIFT, ResultStatus.SCORED, List.of()))).isNull();
    }

    @Test
    void samplesSurviveGrowthAndARestart() {
        AnnotationTracker t = new AnnotationTracker("web");
        AnnotationTracker.Update u = t.observe(KEY, MIN, bucket(0, 90));
        t.attachSamples(KEY, u.annotation(), List.of("req-1", "req-2"), "http://kibana/x");
        AnnotationTracker restored = AnnotationTracker.restore("web", t.snapshot());
        AnnotationTracker.Update grown = restored.observe(KEY, MIN, bucket(1, 50));
        assertThat(grown.newPeak()).isFalse();
        assertThat(grown.annotation().requestIds()).containsExactly("req-1", "req-2");
        assertThat(grown.annotation().discoverUrl()).isEqualTo("http://kibana/x");
        assertThat(grown.annotation().end()).isEqualTo(T0.plus(MIN.multipliedBy(2)));
    }
}
