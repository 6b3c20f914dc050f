package io.kizashi.es.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running Elasticsearch node in a child JVM on its own class path (ES server jars, Netty 4.1, log4j),
 * so this JVM never loads them. Start one with {@link #builder()}; {@link #close()} stops it gracefully.
 * The child also stops by itself when this JVM dies (it watches its stdin).
 *
 * <pre>{@code
 * try (EmbeddedElasticsearch es = EmbeddedElasticsearch.builder().dataDir(dir).start()) {
 *     URI uri = es.httpUri(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    static final String NODE_MAIN = "io.kizashi.es.embedded.node.NodeMain";
    // Must match NodeMain's constants; duplicated because this side may not load node classes.
    static final String READY_PREFIX = "KIZASHI_ES_READY ";
    static final String FAILED_PREFIX = "KIZASHI_ES_FAILED ";
    private static final int TAIL_LINES = 40;

    private final NodeConfig config;
    private final Process process;
    private final URI httpUri;
    private final Duration startupTime;
    private final AotCache aot;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private EmbeddedElasticsearch(NodeConfig config, Process process, URI httpUri, Duration startupTime, AotCache aot) {
        this.config = config;
        this.process = process;
        this.httpUri = httpUri;
        this.startupTime = startupTime;
        this.aot = aot;
        this.shutdownHook = new Thread(this::stopProcess, "kizashi-es-stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A builder with defaults: any free port, 512m heap, cluster "kizashi", 120 s to start, 30 s to stop. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where Java AOT caches should live unless a caller knows better: {@code -Dkizashi.es.aot.dir} ("none"
     * = no cache, returns null); else {@code <repo>/work/es-aot} for the Kizashi checkout named by
     * {@code kizashi.home} (set by the launcher) or {@code kizashi.repo.root} (set by the build's test
     * runs); else {@code <java.io.tmpdir>/kizashi-es-aot}.
     */
    public static Path defaultAotCacheDir() {
        String explicit = System.getProperty("kizashi.es.aot.dir");
        if (explicit != null) {
            return explicit.isBlank() || explicit.equals("none") ? null : Path.of(explicit);
        }
        for (String property : List.of("kizashi.home", "kizashi.repo.root")) {
            String root = System.getProperty(property);
            // Only a real checkout (it has the launcher): Maven run inside a module names the module.
            if (root != null && !root.isBlank() && Files.isRegularFile(Path.of(root, "kizashi"))) {
                return Path.of(root, "work", "es-aot");
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "kizashi-es-aot");
    }

    /** Starts a node and returns once it serves HTTP (and existing indices are at least yellow). */
    public static EmbeddedElasticsearch start(NodeConfig config) {
        Objects.requireNonNull(config, "config");
        NodeLayout layout = config.layout();
        prepareDataDir(layout);
        List<Path> classpath;
        try {
            classpath = NodeClasspath.resolve(config.aotCacheDir());
        } catch (IllegalStateException e) {
            throw new EmbeddedElasticsearchException(e.getMessage(), null, layout.logFile(), e);
        }

        // Options that do not depend on the data dir: they are part of an AOT cache's identity.
        List<String> stableOptions = new ArrayList<>(List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-XX:-OmitStackTraceInFastThrow",
            "-Dfile.encoding=UTF-8",
            // JVM warnings go to stdout by default; stdout is our protocol channel.
            "-Xlog:disable",
            "-Xlog:all=warning:stderr:uptime,level,tags"));
        stableOptions.addAll(config.jvmArgs());
        AotCache aot = AotCache.forNode(config.aotCacheDir(), classpath, stableOptions, config.javaCommand());

        List<String> command = new ArrayList<>();
        command.add(config.javaCommand().toString());
        command.add("-Xms" + config.heap());
        command.add("-Xmx" + config.heap());
        command.add("-Djava.io.tmpdir=" + layout.tmp());
        command.addAll(stableOptions);
        if (aot != null) {
            command.addAll(aot.jvmOptions());
        }
        command.addAll(List.of("-cp", NodeClasspath.asString(classpath), NODE_MAIN,
            "--data", layout.root().toString(),
            "--port", Integer.toString(config.httpPort()),
            "--cluster-name", config.clusterName(),
            "--node-name", config.nodeName(),
            "--watch-stdin"));

        long consoleOffset = sizeOrZero(layout.consoleLog());
        long logOffset = sizeOrZero(layout.logFile());
        ProcessBuilder pb = new ProcessBuilder(command)
            .directory(layout.root().toFile())
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .redirectError(ProcessBuilder.Redirect.appendTo(layout.consoleLog().toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
        // The child gets exactly our class path and JVM options, not ones inherited through the
        // environment (e.g. a test runner's agent in JAVA_TOOL_OPTIONS).
        for (String var : List.of("CLASSPATH", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            pb.environment().remove(var);
        }

        long t0 = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new EmbeddedElasticsearchException("cannot run " + config.javaCommand() + " to start Elasticsearch (" + e.getMessage()
                + "); check that the JDK is installed and executable", null, layout.logFile(), e);
        }
        StdoutReader reader = new StdoutReader(process);
        reader.start();
        String readyLine;
        try {
            readyLine = reader.ready.get(config.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abort(process, aot, layout);
            throw failure("Elasticsearch did not start within " + human(config.startTimeout()) + "; see " + layout.logFile()
                + " (a slow or overloaded machine may need a longer startTimeout)", layout, consoleOffset, logOffset, reader, e);
        } catch (InterruptedException e) {
            abort(process, aot, layout);
            Thread.currentThread().interrupt();
            throw failure("interrupted while Elasticsearch was starting", layout, consoleOffset, logOffset, reader, e);
        } catch (ExecutionException e) {
            // A failed node exits at once, unless it records an AOT cache at exit, which is useless now.
            waitQuietly(process, Duration.ofSeconds(5));
            abort(process, aot, layout);
            String why = e.getCause().getMessage();
            String exit = process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
            throw failure("Elasticsearch failed to start: " + why + exit, layout, consoleOffset, logOffset, reader, e.getCause());
        }
        URI uri = URI.create(readyLine.substring(READY_PREFIX.length()).trim());
        return new EmbeddedElasticsearch(config, process, uri, Duration.ofNanos(System.nanoTime() - t0), aot);
    }

    /** Base URL of the node's HTTP API, e.g. http://127.0.0.1:41234. */
    public URI httpUri() {
        return httpUri;
    }

    /** The bound HTTP port (useful when the config asked for port 0). */
    public int httpPort() {
        return httpUri.getPort();
    }

    /** Process id of the child JVM. */
    public long pid() {
        return process.pid();
    }

    /** The child process (e.g. to check it is gone after {@link #close()}). */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    /** True while the child JVM runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The configuration this node was started with (its httpPort may be 0; see {@link #httpPort()}). */
    public NodeConfig config() {
        return config;
    }

    /** Where this node keeps data and logs. */
    public NodeLayout layout() {
        return config.layout();
    }

    /** Wall time from spawning the JVM to the node serving HTTP. */
    public Duration startupTime() {
        return startupTime;
    }

    /** True when this start used (rather than recorded or skipped) a Java AOT cache. */
    public boolean usedAotCache() {
        return aot != null && aot.using();
    }

    /**
     * Stops this node and starts it again on the same data dir and the same HTTP port, so clients
     * holding {@link #httpUri()} keep working. Returns the new handle; this one is closed.
     */
    public EmbeddedElasticsearch restart() {
        close();
        return start(config.withHttpPort(httpPort()));
    }

    /**
     * Stops the node: closes its stdin (it shuts down cleanly), waits up to the stop timeout, then sends
     * SIGTERM, then kills it. Idempotent.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs stopProcess itself
        }
        stopProcess();
    }

    private synchronized void stopProcess() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the child is already gone
        }
        // Recording an AOT cache happens at exit and takes extra time.
        Duration grace = aot != null && aot.recording() ? config.stopTimeout().plusSeconds(60) : config.stopTimeout();
        if (!waitQuietly(process, grace)) {
            process.destroy();
            if (!waitQuietly(process, Duration.ofSeconds(10))) {
                kill(process);
            }
        }
        if (aot != null) {
            aot.finish(process.isAlive() ? -1 : process.exitValue());
        }
        if (!process.isAlive()) {
            removeZstdLink(config.layout());
        }
    }

    /** After a failed start: no process, no half-recorded AOT cache, no link left behind. */
    private static void abort(Process process, AotCache aot, NodeLayout layout) {
        kill(process);
        if (aot != null) {
            aot.finish(-1);
        }
        removeZstdLink(layout);
    }

    /**
     * The node recreates the link on every start; removing it keeps recursive deletes of the data dir
     * (e.g. JUnit's @TempDir) from meeting a link to a system library.
     */
    private static void removeZstdLink(NodeLayout layout) {
        try {
            Files.deleteIfExists(layout.nativeLibs().resolve(System.mapLibraryName("zstd")));
        } catch (IOException e) {
            // harmless leftover
        }
    }

    @Override
    public String toString() {
        return "EmbeddedElasticsearch[" + httpUri + ", pid " + pid() + ", data " + config.dataDir() + "]";
    }

    private static void prepareDataDir(NodeLayout layout) {
        Path root = layout.root();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("data dir " + root + " exists but is not a directory; choose a directory");
        }
        try {
            layout.createDirectories();
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!Files.isWritable(root) || !Files.isWritable(layout.data())) {
            throw new IllegalArgumentException("data dir " + root + " is not writable; choose a directory you can write to");
        }
    }

    private static EmbeddedElasticsearchException failure(String reason, NodeLayout layout, long consoleOffset, long logOffset,
                                                          StdoutReader reader, Throwable cause) {
        StringBuilder details = new StringBuilder();
        appendTail(details, "node stdout", reader.tail());
        appendTail(details, layout.consoleLog().toString(), tail(layout.consoleLog(), consoleOffset));
        appendTail(details, layout.logFile().toString(), tail(layout.logFile(), logOffset));
        return new EmbeddedElasticsearchException(reason, details.toString(), layout.logFile(), cause);
    }

    private static void appendTail(StringBuilder sb, String source, List<String> lines) {
        if (!lines.isEmpty()) {
            sb.append("--- last lines of ").append(source).append(" ---\n");
            lines.forEach(l -> sb.append(l).append('\n'));
        }
    }

    /** The last lines written to a file after {@code offset} (this start's share of an appended log). */
    static List<String> tail(Path file, long offset) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long from = Math.max(offset > len ? 0 : offset, len - 64 * 1024);
            byte[] bytes = new byte[(int) (len - from)];
            raf.seek(from);
            raf.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            int start = Math.max(0, lines.length - TAIL_LINES);
            return List.of(lines).subList(start, lines.length);
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    private static String human(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean waitQuietly(Process p, Duration d) {
        try {
            return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        waitQuietly(p, Duration.ofSeconds(10));
    }

    /** Reads the child's stdout: the ready/failed line completes {@link #ready}; other lines are kept as a tail. */
    private static final class StdoutReader extends Thread {
        final CompletableFuture<String> ready = new CompletableFuture<>();
        private final Process process;
        private final Deque<String> tail = new ArrayDeque<>();

        StdoutReader(Process process) {
            super("kizashi-es-stdout-" + process.pid());
            this.process = process;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(READY_PREFIX)) {
                        ready.complete(line);
                    } else if (line.startsWith(FAILED_PREFIX)) {
                        ready.completeExceptionally(new IllegalStateException(line.substring(FAILED_PREFIX.length()).trim()));
                    } else {
                        synchronized (tail) {
                            tail.addLast(line);
                            if (tail.size() > TAIL_LINES) {
                                tail.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // stream closed: the process ended
            }
            ready.completeExceptionally(new IllegalStateException("the node's JVM exited before it was ready"));
        }

        List<String> tail() {
            synchronized (tail) {
                return List.copyOf(tail);
            }
        }
    }

    /** Builds a {@link NodeConfig} and starts it; only {@link #dataDir} is required. */
    public static final class Builder {
        private Path dataDir;
        private int httpPort = 0;
        private String heap = "512m";
        private String clusterName = "kizashi";
        private String nodeName = "kizashi-node";
        private Duration startTimeout = Duration.ofSeconds(120);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private Path aotCacheDir;
        private final List<String> jvmArgs = new ArrayList<>();
        private Path javaCommand = ProcessHandle.current().info().command().map(Path::of)
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));

        private Builder() {}

        /** Required: root of the node's data, logs and scratch files. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** HTTP port on 127.0.0.1; 0 (default) = any free port. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Heap of the child JVM (-Xms and -Xmx), e.g. "512m" (default) or "1g". */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder clusterName(String name) {
            this.clusterName = name;
            return this;
        }

        public Builder nodeName(String name) {
            this.nodeName = name;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /**
         * Keep Java AOT caches in this directory: the first start records one, later starts with the same
         * JDK, jars and options use it (faster start). Null (default) disables it.
         */
        public Builder aotCacheDir(Path dir) {
            this.aotCacheDir = dir;
            return this;
        }

        /** Extra JVM option for the child, e.g. "-XX:+UseSerialGC". */
        public Builder jvmArg(String arg) {
            this.jvmArgs.add(Objects.requireNonNull(arg, "jvm arg"));
            return this;
        }

        /** The java executable for the child; default: the one running this JVM. */
        public Builder javaCommand(Path java) {
            this.javaCommand = java;
            return this;
        }

        /** Validates and returns the configuration (throws IllegalArgumentException naming the bad field). */
        public NodeConfig build() {
            return new NodeConfig(dataDir, httpPort, heap, clusterName, nodeName, startTimeout, stopTimeout, aotCacheDir, jvmArgs,
                javaCommand);
        }

        /** {@code EmbeddedElasticsearch.start(build())}. */
        public EmbeddedElasticsearch start() {
            return EmbeddedElasticsearch.start(build());
        }
    }
}
