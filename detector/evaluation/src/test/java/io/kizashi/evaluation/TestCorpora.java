package io.kizashi.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared benchmark corpora (../shared/nab, ../shared/asd next to the repository) for tests. */
final class TestCorpora {

    private TestCorpora() {
    }

    /** The NAB copy, or null if this machine has none (the env var KIZASHI_NAB_DIR overrides). */
    static Path nab() {
        return find("KIZASHI_NAB_DIR", "nab");
    }

    private static Path find(String env, String name) {
        String override = System.getenv(env);
        if (override != null && !override.isBlank()) {
            return Files.isDirectory(Path.of(override, "data")) ? Path.of(override) : null;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve(name);
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate;
            }
        }
        return null;
    }
}
