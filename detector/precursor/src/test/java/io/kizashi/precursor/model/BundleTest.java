package io.kizashi.precursor.model;

import io.kizashi.precursor.Fixtures;
import io.kizashi.precursor.corpus.ScoredRow;
import io.kizashi.precursor.features.FeatureSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleTest {

    @TempDir
    Path models;

    @Test
    void roundTripGivesTheSameProbabilitiesAndKeepsEverything() throws IOException {
        ModelBundle b = Fixtures.writeBundle(models, "syn", "v1");
        TribuoPrecursorModel original = Fixtures.trained().trained().model();
        ModelBundle loaded = ModelBundle.load(models.resolve("syn/v1"), FeatureSchema.metricAgnostic());
        for (ScoredRow r : Fixtures.rows().get("syn-4").subList(0, 400)) {
            assertThat(loaded.model().probability(r.features())).isEqualTo(original.probability(r.features()));
        }
        assertThat(loaded.id()).isEqualTo("syn/v1");
        assertThat(loaded.manifest().threshold()).isEqualTo(Fixtures.trained().trained().threshold());
        assertThat(loaded.manifest().schema()).isEqualTo(FeatureSchema.metricAgnostic());
        assertThat(loaded.manifest().provenance()).containsEntry("seed", 42);
        assertThat(loaded.manifest().files()).containsOnlyKeys("model.tribuo", "golden.json", "evaluation.json", "MODEL_CARD.md");
        assertThat(Files.readAllLines(b.dir().resolve("SHA256SUMS"))).hasSize(5);
        assertThat(Files.list(models.resolve("syn")).map(p -> p.getFileName().toString()).toList()).containsExactly("v1");
    }

    @Test
    void bundlesAreImmutable() {
        Fixtures.writeBundle(models, "syn", "v1");
        assertThatThrownBy(() -> Fixtures.writeBundle(models, "syn", "v1")).isInstanceOf(BundleException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void aSchemaThisBuildDoesNotComputeIsRefused() {
        Fixtures.writeBundle(models, "syn", "v1");
        FeatureSchema other = FeatureSchema.withNamedMetrics(List.of("latency"));
        assertThatThrownBy(() -> ModelBundle.load(models.resolve("syn/v1"), other)).isInstanceOf(BundleException.class)
                .hasMessageContaining("syn/v1").hasMessageContaining("does not match this build's features")
                .hasMessageContaining("only in build: [m:latency:resid").hasMessageContaining("retrain");
    }

    @Test
    void aDamagedModelFileIsRefusedByItsChecksum() throws IOException {
        Fixtures.writeBundle(models, "syn", "v1");
        Path model = models.resolve("syn/v1/model.tribuo");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(model, bytes);
        assertThatThrownBy(() -> ModelBundle.load(models.resolve("syn/v1"), FeatureSchema.metricAgnostic()))
                .isInstanceOf(BundleException.class).hasMessageContaining("checksum mismatch for model.tribuo");
    }

    @Test
    void garbageWithMatchingChecksumsIsStillRefused() throws IOException {
        Fixtures.writeBundle(models, "syn", "v1");
        Path dir = models.resolve("syn/v1");
        Files.write(dir.resolve("model.tribuo"), "not a model at all \u0000\u0001\u0002".getBytes(StandardCharsets.UTF_8));
        resum(dir);
        assertThatThrownBy(() -> ModelBundle.load(dir, FeatureSchema.metricAgnostic())).isInstanceOf(BundleException.class)
                .hasMessageContaining("manifest and SHA256SUMS disagree about model.tribuo");
        // even with the manifest's checksums rewritten too, the bytes are not a Tribuo protobuf model
        String manifest = Files.readString(dir.resolve("manifest.json"));
        String oldSum = ModelBundle.JSON.readTree(manifest).path("files").path("model.tribuo").asText();
        Files.writeString(dir.resolve("manifest.json"), manifest.replace(oldSum, ModelBundle.sha256(dir.resolve("model.tribuo"))));
        resum(dir);
        assertThatThrownBy(() -> ModelBundle.load(dir, FeatureSchema.metricAgnostic())).isInstanceOf(BundleException.class)
                .hasMessageContaining("model.tribuo");
    }

    @Test
    void aModelClassOffTheAllowListIsNeverInstantiated() throws IOException {
        Fixtures.writeBundle(models, "syn", "v1");
        Path file = models.resolve("syn/v1/model.tribuo");
        org.tribuo.protos.core.ModelProto proto = org.tribuo.protos.core.ModelProto.parseFrom(Files.readAllBytes(file));
        Path evil = models.resolve("evil.tribuo");
        Files.write(evil, proto.toBuilder().setClassName("org.tribuo.common.nearest.KNNModel").build().toByteArray());
        assertThatThrownBy(() -> ModelBundle.readModel(evil, "org.tribuo.common.nearest.KNNModel")).isInstanceOf(BundleException.class)
                .hasMessageContaining("not on the allow-list");
    }

    @Test
    void aGoldenOutputThatMovedIsRefused() throws IOException {
        Fixtures.writeBundle(models, "syn", "v1");
        Path dir = models.resolve("syn/v1");
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) ModelBundle.JSON.readTree(dir.resolve("golden.json").toFile());
        var row = (com.fasterxml.jackson.databind.node.ObjectNode) root.path("rows").get(0);
        row.put("probability", row.path("probability").asDouble() + 0.01);
        ModelBundle.JSON.writeValue(dir.resolve("golden.json").toFile(), root);
        String manifest = Files.readString(dir.resolve("manifest.json"));
        String oldSum = ModelBundle.JSON.readTree(manifest).path("files").path("golden.json").asText();
        Files.writeString(dir.resolve("manifest.json"), manifest.replace(oldSum, ModelBundle.sha256(dir.resolve("golden.json"))));
        resum(dir);
        assertThatThrownBy(() -> ModelBundle.load(dir, FeatureSchema.metricAgnostic())).isInstanceOf(BundleException.class)
                .hasMessageContaining("golden vector 0");
    }

    /** Rewrites SHA256SUMS for the files as they are now (what a careless hand edit would do). */
    static void resum(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("MODEL_CARD.md", "evaluation.json", "golden.json", "manifest.json", "model.tribuo")) {
            sb.append(ModelBundle.sha256(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        Files.writeString(dir.resolve("SHA256SUMS"), sb);
    }
}
