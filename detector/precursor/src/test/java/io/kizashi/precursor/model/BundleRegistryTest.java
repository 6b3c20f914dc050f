package io.kizashi.precursor.model;

import io.kizashi.precursor.Fixtures;
import io.kizashi.precursor.features.FeatureSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BundleRegistryTest {

    @TempDir
    Path models;

    @Test
    void hotReloadSwapsInNewVersionsAndKeepsTheLastGoodOneOnError() throws IOException {
        BundleRegistry reg = new BundleRegistry(models, "syn", FeatureSchema.metricAgnostic());
        assertThat(reg.reload().error()).contains("no bundle under");
        assertThat(reg.current()).isEmpty();

        Fixtures.writeBundle(models, "syn", "v1");
        BundleRegistry.Status s = reg.reload();
        assertThat(s.changed()).isTrue();
        assertThat(reg.current().orElseThrow().id()).isEqualTo("syn/v1");
        assertThat(reg.reload().changed()).as("nothing new").isFalse();

        Fixtures.writeBundle(models, "syn", "v2");
        assertThat(reg.reload().loadedId()).contains("syn/v2");
        ModelBundle v2 = reg.current().orElseThrow();

        // v10 sorts after v2 (natural order) but is damaged: v2 stays in use, the error names v10
        Fixtures.writeBundle(models, "syn", "v10");
        Files.writeString(models.resolve("syn/v10/evaluation.json"), "{}");
        s = reg.reload();
        assertThat(s.changed()).isFalse();
        assertThat(s.error()).contains("v10").contains("checksum mismatch for evaluation.json");
        assertThat(reg.current().orElseThrow()).isSameAs(v2);
        assertThat(reg.reload().error()).as("the same broken files are not retried").contains("v10");

        // a folder being copied in (no manifest yet) is ignored
        Files.createDirectories(models.resolve("syn/v11"));
        assertThat(reg.versions()).containsExactly("v1", "v2", "v10");

        // the damaged version is replaced by a good one: picked up
        BundleWriter.deleteTree(models.resolve("syn/v10"));
        Fixtures.writeBundle(models, "syn", "v10");
        assertThat(reg.reload().loadedId()).contains("syn/v10");
        assertThat(reg.status().error()).isNull();
    }
}
