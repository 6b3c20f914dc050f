package io.kizashi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EsCommandTest {

    @TempDir
    Path tmp;
    private final CliRun cli = new CliRun();

    @Test
    void portOutOfRangeIsAUserError() {
        assertThat(cli.run("es", "--port", "70000", "--data", tmp.toString())).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("error: --port 70000 is out of range; use 1..65535, or 0 for any free port"
            + System.lineSeparator());
    }

    @Test
    void dataDirThatCannotBeCreatedIsAUserError() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThat(cli.run("es", "--data", file.resolve("es").toString())).isEqualTo(2);
        assertThat(cli.err()).startsWith("error: --data " + file.resolve("es") + " cannot be created")
            .contains("choose a directory you can write to");
        assertThat(cli.err().lines()).hasSize(1);
    }

    @Test
    void badHeapIsAUserError() {
        assertThat(cli.run("es", "--heap", "huge", "--data", tmp.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--heap huge").contains("512m or 1g");
    }

    /** Starts a real node JVM that fails to bind: the error names the port and the fix, in one line. */
    @Test
    void portInUseIsAUserErrorNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(cli.run("es", "--port", Integer.toString(port), "--data", tmp.toString(), "--heap", "256m")).isEqualTo(2);
            assertThat(cli.err()).startsWith("error: Elasticsearch failed to start: cannot bind HTTP port " + port)
                .contains("choose another port");
            assertThat(cli.err().lines()).hasSize(1);
        }
    }
}
