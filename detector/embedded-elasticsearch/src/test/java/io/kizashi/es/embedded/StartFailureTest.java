package io.kizashi.es.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node that cannot be ready in time is killed, and the error says what to change. */
class StartFailureTest {

    @TempDir
    Path dataDir;

    @Test
    void startTimeoutKillsTheNodeAndExplains() {
        assertThatThrownBy(() -> EmbeddedElasticsearch.builder().dataDir(dataDir).startTimeout(Duration.ofMillis(200)).start())
            .isInstanceOf(EmbeddedElasticsearchException.class)
            .satisfies(e -> assertThat(((EmbeddedElasticsearchException) e).reason())
                .isEqualTo("Elasticsearch did not start within 200 ms; see " + new NodeLayout(dataDir).logFile()
                    + " (a slow or overloaded machine may need a longer startTimeout)"));
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(dataDir.toString())).orElse(false)))
            .as("no node process left for %s", dataDir).isEmpty();
    }
}
