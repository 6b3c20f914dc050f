package io.kizashi.es.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The node must not outlive a parent that is killed without running its shutdown hooks (SIGKILL). */
class ParentDeathTest {

    @TempDir
    Path dataDir;

    /** Runs in a separate JVM: starts a node, reports its pid, then waits to be killed. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            // No AOT cache: a recording child would outlive its parent by the recording time and leave
            // an unpublished cache file behind.
            EmbeddedElasticsearch es = EmbeddedElasticsearch.builder().dataDir(Path.of(args[0])).start();
            System.out.println("CHILD " + es.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void childStopsWhenItsParentIsKilled() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), Parent.class.getName(), dataDir.toString()));
        Process parent = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long childPid = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = r.readLine()) != null) {
                if (line.startsWith("CHILD ")) {
                    childPid = Long.parseLong(line.substring(6).trim());
                    break;
                }
                seen.append(line).append('\n');
            }
            assertThat(childPid).as("parent output: %s", seen).isPositive();
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            assertThat(child).isPresent();
            assertThat(child.get().isAlive()).isTrue();

            parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(parent.isAlive()).isFalse();

            // The child sees EOF on stdin and shuts down cleanly.
            child.get().onExit().get(60, TimeUnit.SECONDS);
            assertThat(child.get().isAlive()).isFalse();
            // The dead parent could not tidy up; spare @TempDir the link to a system library.
            java.nio.file.Files.deleteIfExists(new NodeLayout(dataDir).nativeLibs().resolve(System.mapLibraryName("zstd")));
        } finally {
            parent.destroyForcibly();
            if (childPid > 0) {
                ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
