package io.kizashi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kizashi demo} end to end, small: a real node in a work folder, one day of simulated logs, the
 * service on an accelerated clock; while it runs the console and the API answer with the shipped jobs.
 * A second run on the same folder reuses the node's data instead of loading again.
 */
class DemoCommandTest {

    static final Path REPO = Path.of(System.getProperty("kizashi.repo.root", "../.."));
    static final Pattern CONSOLE = Pattern.compile("Console\\s+(http://127\\.0\\.0\\.1:\\d+/console/)");

    @TempDir
    Path tmp;

    @Test
    void runsTheWholePipelineOnAnEmbeddedNodeAndASecondRunReusesItsData() throws Exception {
        System.setProperty("kizashi.home", REPO.toAbsolutePath().toString());
        Path work = tmp.resolve("demo");
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> run(out, "demo", "--work", work.toString(), "--days", "1",
                "--rate", "0.5", "--duration", "70s", "--speed", "120", "--es-port", "0", "--port", "0", "--seed", "5"));
        String console = awaitConsole(out, first);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(console)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
        String api = console.replace("/console/", "/api/jobs");
        String jobs = http.send(HttpRequest.newBuilder(URI.create(api)).build(), HttpResponse.BodyHandlers.ofString()).body();
        try (var files = Files.list(REPO.resolve("deploy/config/jobs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertThat(jobs).contains("\"" + f.getFileName().toString().replace(".yaml", "") + "\"");
            }
        }
        assertThat(first.get(6, TimeUnit.MINUTES)).as(out.toString()).isZero();
        String log = out.toString();
        assertThat(log).contains("Elasticsearch http://127.0.0.1:").contains("loaded ").contains("first scored buckets")
                .contains("stopped after");
        assertThat(work.resolve("ground-truth.json")).isRegularFile();

        StringWriter again = new StringWriter();
        assertThat(run(again, "demo", "--work", work.toString(), "--duration", "15s", "--speed", "120", "--es-port", "0", "--port", "0"))
                .as(again.toString()).isZero();
        assertThat(again.toString()).contains("reusing the logs already loaded").doesNotContain("loading simulated logs");
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = Main.commandLine();
        PrintWriter w = new PrintWriter(out, true);
        cli.setOut(w);
        cli.setErr(w);
        return cli.execute(args);
    }

    private static String awaitConsole(StringWriter out, CompletableFuture<Integer> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            Matcher m = CONSOLE.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (run.isDone()) {
                throw new AssertionError("the demo ended before serving the console (exit " + run.get() + "):\n" + out);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no console URL within 5 minutes:\n" + out);
    }
}
