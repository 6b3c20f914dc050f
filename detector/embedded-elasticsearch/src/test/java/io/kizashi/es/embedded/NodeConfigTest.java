package io.kizashi.es.embedded;

import io.kizashi.es.embedded.node.NodeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreUsable() {
        NodeConfig c = EmbeddedElasticsearch.builder().dataDir(dir).build();
        assertThat(c.httpPort()).isZero();
        assertThat(c.heap()).isEqualTo("512m");
        assertThat(c.clusterName()).isEqualTo("kizashi");
        assertThat(c.aotCacheDir()).isNull();
        assertThat(c.javaCommand().getFileName().toString()).startsWith("java");
        assertThat(c.layout().data()).isEqualTo(dir.toAbsolutePath().resolve("data"));
    }

    @Test
    void rejectsMissingDataDir() {
        assertThatThrownBy(() -> EmbeddedElasticsearch.builder().build())
            .isInstanceOf(NullPointerException.class).hasMessageContaining("dataDir is required");
    }

    @Test
    void rejectsPortOutOfRange() {
        assertThatThrownBy(() -> EmbeddedElasticsearch.builder().dataDir(dir).httpPort(65536).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("httpPort 65536").hasMessageContaining("0 for any free port");
        assertThatThrownBy(() -> EmbeddedElasticsearch.builder().dataDir(dir).httpPort(-1).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("httpPort -1");
    }

    @Test
    void heapMustBeAJvmSizeOfAtLeast128m() {
        assertThat(EmbeddedElasticsearch.builder().dataDir(dir).heap("1G").build().heap()).isEqualTo("1g");
        assertThatThrownBy(() -> EmbeddedElasticsearch.builder().dataDir(dir).heap("lots").build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heap 'lots'").hasMessageContaining("512m");
        assertThatThrownBy(() -> EmbeddedElasticsearch.builder().dataDir(dir).heap("64m").build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 128m");
    }

    @Test
    void namesAndTimeoutsAreChecked() {
        assertThatThrownBy(() -> EmbeddedElasticsearch.builder().dataDir(dir).clusterName("a b").build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusterName 'a b'");
        assertThatThrownBy(() -> EmbeddedElasticsearch.builder().dataDir(dir).startTimeout(Duration.ZERO).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startTimeout");
    }

    @Test
    void withHttpPortKeepsEverythingElse() {
        NodeConfig c = EmbeddedElasticsearch.builder().dataDir(dir).heap("1g").build();
        assertThat(c.withHttpPort(9299)).isEqualTo(new NodeConfig(c.dataDir(), 9299, "1g", c.clusterName(), c.nodeName(),
            c.startTimeout(), c.stopTimeout(), c.aotCacheDir(), c.jvmArgs(), c.javaCommand()));
    }

    @Test
    void aFileAsDataDirIsRejectedBeforeSpawningAnything() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> EmbeddedElasticsearch.builder().dataDir(file).start())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
    }

    @Test
    void defaultAotCacheDirIsUnderTheCheckoutOrOverridden() {
        String saved = System.getProperty("kizashi.es.aot.dir");
        try {
            System.clearProperty("kizashi.es.aot.dir");
            String repo = System.getProperty("kizashi.repo.root");
            if (repo != null && Files.isRegularFile(Path.of(repo, "kizashi"))) {
                assertThat(EmbeddedElasticsearch.defaultAotCacheDir()).isEqualTo(Path.of(repo, "work", "es-aot"));
            }
            System.setProperty("kizashi.es.aot.dir", "none");
            assertThat(EmbeddedElasticsearch.defaultAotCacheDir()).isNull();
            System.setProperty("kizashi.es.aot.dir", dir.toString());
            assertThat(EmbeddedElasticsearch.defaultAotCacheDir()).isEqualTo(dir);
        } finally {
            if (saved == null) {
                System.clearProperty("kizashi.es.aot.dir");
            } else {
                System.setProperty("kizashi.es.aot.dir", saved);
            }
        }
    }

    @Test
    void protocolLinesMatchTheNodeSide() {
        // The controller may not load NodeMain (ES classes), so it repeats these constants.
        assertThat(EmbeddedElasticsearch.READY_PREFIX).isEqualTo(NodeMain.READY_PREFIX);
        assertThat(EmbeddedElasticsearch.FAILED_PREFIX).isEqualTo(NodeMain.FAILED_PREFIX);
        assertThat(EmbeddedElasticsearch.NODE_MAIN).isEqualTo(NodeMain.class.getName());
    }

    @Test
    void tailReadsOnlyWhatWasWrittenAfterTheOffset() throws Exception {
        Path log = dir.resolve("x.log");
        Files.writeString(log, "old 1\nold 2\n");
        long offset = Files.size(log);
        Files.writeString(log, "new 1\nnew 2\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(EmbeddedElasticsearch.tail(log, offset)).containsExactly("new 1", "new 2");
        assertThat(EmbeddedElasticsearch.tail(dir.resolve("missing.log"), 0)).isEmpty();
    }
}
