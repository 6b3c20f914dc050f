package io.kizashi.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator package stays pure: no Elasticsearch, no files, no wall clock (I/O lives in .load). */
class PurityTest {

    private static final List<String> FORBIDDEN = List.of(
        "import co.elastic", "import io.kizashi.elasticsearch", "import io.kizashi.simulator.load",
        "java.nio.file", "java.io.File", "java.net.", "Instant.now(", "System.currentTimeMillis(", "System.nanoTime(",
        "LocalDateTime.now(", "new Random(", "Math.random(");

    @Test
    void generatorPackageHasNoIoAndNoWallClock() throws IOException {
        Path dir = Path.of("src/main/java/io/kizashi/simulator");
        assertThat(dir).as("run from the module directory").isDirectory();
        List<Path> sources;
        try (Stream<Path> s = Files.list(dir)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path p : sources) {
            String text = Files.readString(p);
            for (String bad : FORBIDDEN) {
                assertThat(text).as("%s must not use %s", p.getFileName(), bad).doesNotContain(bad);
            }
        }
    }
}
