package io.kizashi.alerting.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine stays pure (no Elasticsearch, no HTTP, no files, no wall clock) and depends on the rules
 * only; the rules read files only in {@code AlertRules} (the validation entry point).
 */
class PurityTest {

    private static final List<String> IO_AND_CLOCK = List.of("import co.elastic", "import io.kizashi.elasticsearch",
        "import io.kizashi.alerting.delivery", "import io.kizashi.alerting.outbox", "import io.kizashi.alerting.AlertingService",
        "java.net.", "java.io.File", "Instant.now(", "System.currentTimeMillis(", "System.nanoTime(", "Clock.system",
        "LocalDateTime.now(", "new Random(", "Math.random(", "Thread.sleep(");

    static List<Path> sources(String pkg) throws IOException {
        Path dir = Path.of("src/main/java/io/kizashi/alerting").resolve(pkg);
        assertThat(dir).as("run from the module directory").isDirectory();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void theEngineHasNoIoAndNoWallClock() throws IOException {
        List<Path> engine = sources("engine");
        assertThat(engine).hasSizeGreaterThan(10);
        for (Path p : engine) {
            String text = Files.readString(p);
            for (String bad : IO_AND_CLOCK) {
                assertThat(text).as("%s must not use %s", p.getFileName(), bad).doesNotContain(bad);
            }
            assertThat(text).as("%s must not read files", p.getFileName()).doesNotContain("java.nio.file");
        }
    }

    @Test
    void theRulesReadFilesOnlyThroughAlertRules() throws IOException {
        for (Path p : sources("rules")) {
            String text = Files.readString(p);
            for (String bad : IO_AND_CLOCK) {
                assertThat(text).as("%s must not use %s", p.getFileName(), bad).doesNotContain(bad);
            }
            assertThat(text).as("%s", p.getFileName()).doesNotContain("import io.kizashi.alerting.engine");
            if (!p.getFileName().toString().equals("AlertRules.java")) {
                assertThat(text).as("%s must not read files", p.getFileName()).doesNotContain("java.nio.file");
            }
        }
    }
}
