package io.kizashi.cli;

import io.kizashi.es.embedded.EmbeddedElasticsearch;
import io.kizashi.es.embedded.EmbeddedElasticsearchException;
import io.kizashi.es.embedded.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code kizashi es}: runs the embedded Elasticsearch node in the foreground until Ctrl-C. */
@Command(
    name = "es",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a real Elasticsearch 9.5.3 node (single node, HTTP on 127.0.0.1, no security) in a child JVM",
        "until Ctrl-C. Data stays in --data across runs. Not available in it: scripts, ingest pipelines,",
        "data streams, pipeline aggregations and X-Pack features.",
        "Examples:",
        "  kizashi es",
        "  kizashi es --port 9299 --data /tmp/es --heap 2g"})
public final class EsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (indices, logs); default: <repo>/work/es-data.")
    Path data;

    @Option(names = "--port", paramLabel = "P", defaultValue = "9200",
            description = "HTTP port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "1g",
            description = "Heap of the node's JVM, e.g. 512m or 2g. Default: ${DEFAULT-VALUE}.")
    String heap;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new UserError("--port " + port + " is out of range; use 1..65535, or 0 for any free port");
        }
        // kizashi.home is the checkout, set by the launcher.
        Path home = Path.of(System.getProperty("kizashi.home", System.getProperty("user.dir")));
        Path dir = (data != null ? data : home.resolve("work").resolve("es-data")).toAbsolutePath().normalize();
        requireWritableDirectory(dir);

        NodeConfig config;
        try {
            config = EmbeddedElasticsearch.builder()
                .dataDir(dir)
                .httpPort(port)
                .heap(heap)
                .aotCacheDir(EmbeddedElasticsearch.defaultAotCacheDir())
                .build();
        } catch (IllegalArgumentException e) {
            throw new UserError("--heap " + heap + ": " + e.getMessage(), e);
        }

        PrintWriter out = spec.commandLine().getOut();
        out.printf("starting Elasticsearch (data %s, heap %s) ...%n", dir, config.heap());
        out.flush();
        EmbeddedElasticsearch es;
        try {
            es = EmbeddedElasticsearch.start(config);
        } catch (EmbeddedElasticsearchException e) {
            throw new UserError(e.reason() + " (log: " + e.logFile() + ")", e);
        }
        Thread stopper = new Thread(() -> {
            out.println("stopping Elasticsearch ...");
            out.flush();
            es.close();
            out.println("stopped.");
            out.flush();
        }, "kizashi-es-command-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        out.printf(Locale.ROOT, "Elasticsearch is ready at %s (pid %d, started in %.1f s)%n",
            es.httpUri(), es.pid(), es.startupTime().toMillis() / 1000.0);
        out.printf("log: %s%nPress Ctrl-C to stop.%n", es.layout().logFile());
        out.flush();

        es.processHandle().onExit().join();
        // Reached only when the node stopped by itself (Ctrl-C ends the JVM in the hook above).
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException e) {
            return 0; // shutting down already
        }
        es.close();
        spec.commandLine().getErr().println("error: Elasticsearch stopped unexpectedly; see " + es.layout().logFile()
            + " and " + es.layout().consoleLog());
        return 1;
    }

    private static void requireWritableDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("--data " + dir + " cannot be created (" + e + "); choose a directory you can write to", e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new UserError("--data " + dir + " is not a writable directory; choose a directory you can write to");
        }
    }
}
