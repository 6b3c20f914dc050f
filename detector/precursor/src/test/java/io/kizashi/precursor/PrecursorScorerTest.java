package io.kizashi.precursor;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.SeriesModel;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.precursor.corpus.EntityRunner;
import io.kizashi.precursor.corpus.ScoredRow;
import io.kizashi.precursor.features.FeatureSchema;
import io.kizashi.precursor.model.BundleRegistry;
import io.kizashi.precursor.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PrecursorScorerTest {

    @TempDir
    Path models;

    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    /** Two pods of one job, three metrics each, scored by the core; cycles of 5 buckets. */
    @Test
    void perEntityProbabilitiesMatchTheOfflinePipelineAndCarryTheModelVersion() {
        ModelBundle bundle = Fixtures.writeBundle(models, "syn", "v1");
        BundleRegistry reg = new BundleRegistry(models, "syn", FeatureSchema.metricAgnostic());
        PrecursorScorer scorer = new PrecursorScorer(reg, FeatureSchema.metricAgnostic());
        List<String> metrics = List.of("latency", "errors", "cpu");
        Map<SeriesKey, SeriesModel> core = new LinkedHashMap<>();
        Map<String, EntityRunner> offline = new LinkedHashMap<>();
        SplittableRandom r = new SplittableRandom(9);
        List<EntityProbability> seen = new ArrayList<>();
        for (int cycle = 0; cycle < 60; cycle++) {
            if (cycle == 10) {
                reg.reload(); // the bundle appears while the service runs
            }
            Map<SeriesKey, List<BucketResult>> batch = new LinkedHashMap<>();
            for (int b = 0; b < 5; b++) {
                Instant t = T0.plus(Duration.ofMinutes(5L * (cycle * 5 + b)));
                for (String pod : List.of("pod-a", "pod-b")) {
                    double[] v = new double[3];
                    for (int m = 0; m < 3; m++) {
                        SeriesKey key = new SeriesKey("job", metrics.get(m), Map.of("pod", pod));
                        v[m] = 50 + 10 * m + r.nextGaussian() + (pod.equals("pod-b") && cycle > 50 ? 3 * (cycle - 50) : 0);
                        BucketResult br = core.computeIfAbsent(key, k -> SeriesModel.create(ModelConfig.defaults())).observe(t, v[m]);
                        batch.computeIfAbsent(key, k -> new ArrayList<>()).add(br);
                    }
                    ScoredRow row = offline.computeIfAbsent("job|pod=" + pod, e -> new EntityRunner(e, FeatureSchema.metricAgnostic()))
                            .observe(t, metrics, v);
                    if (cycle >= 10) {
                        seen.add(new EntityProbability(row.entity(), t, bundle.model().probability(row.features()), false, false, "offline"));
                    }
                }
            }
            PrecursorScorer.Scores s = scorer.score(batch);
            if (cycle < 10) {
                assertThat(s).isEqualTo(PrecursorScorer.Scores.NONE);
                continue;
            }
            assertThat(s.modelId()).isEqualTo("syn/v1");
            assertThat(s.threshold()).isEqualTo(bundle.manifest().threshold());
            assertThat(s.byEntity()).containsOnlyKeys("job|pod=pod-a", "job|pod=pod-b");
            for (List<EntityProbability> ps : s.byEntity().values()) {
                assertThat(ps).hasSize(5).allSatisfy(p -> assertThat(p.modelId()).isEqualTo("syn/v1"));
                for (EntityProbability p : ps) {
                    EntityProbability off = seen.stream().filter(o -> o.entity().equals(p.entity()) && o.timestamp().equals(p.timestamp()))
                            .findFirst().orElseThrow();
                    // the service path gives exactly what the offline pipeline gives (features warmed before the bundle came)
                    assertThat(p.probability()).isEqualTo(off.probability());
                    assertThat(p.alert()).isEqualTo(p.probability() >= bundle.manifest().threshold());
                    assertThat(p.warm()).isTrue();
                }
            }
            // one series' view, as the results stage stores it
            SeriesKey lat = new SeriesKey("job", "latency", Map.of("pod", "pod-a"));
            double[] perSeries = s.forSeries(lat, batch.get(lat));
            assertThat(perSeries).containsExactly(s.byEntity().get("job|pod=pod-a").stream().mapToDouble(EntityProbability::probability).toArray());
            // a replay of the same cycle yields nothing new
            assertThat(scorer.score(batch).byEntity()).isEmpty();
        }
        assertThat(scorer.entities()).isEqualTo(2);
    }
}
