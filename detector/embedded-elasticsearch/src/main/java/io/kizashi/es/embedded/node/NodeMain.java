package io.kizashi.es.embedded.node;

import io.kizashi.es.embedded.NodeLayout;
import org.elasticsearch.action.admin.cluster.health.ClusterHealthResponse;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Main class of the child JVM: starts one Elasticsearch node, prints {@value #READY_PREFIX} and its URL
 * on stdout, and stops the node on SIGTERM/SIGINT or, with {@code --watch-stdin}, when stdin closes
 * (the parent died or closed its handle).
 *
 * <p>Arguments: {@code --data DIR [--port N] [--cluster-name NAME] [--node-name NAME] [--watch-stdin]}.
 * The heap and other JVM flags are the parent's business (they are JVM options, not arguments).
 */
public final class NodeMain {

    /** First word of the one line printed when the node serves HTTP; followed by the base URL. */
    public static final String READY_PREFIX = "KIZASHI_ES_READY ";
    /** First word of the one line printed when the node could not start; followed by the reason. */
    public static final String FAILED_PREFIX = "KIZASHI_ES_FAILED ";

    private static final List<String> ZSTD_CANDIDATES = List.of(
        "/usr/lib/x86_64-linux-gnu/libzstd.so.1",
        "/lib/x86_64-linux-gnu/libzstd.so.1",
        "/usr/lib/aarch64-linux-gnu/libzstd.so.1",
        "/lib/aarch64-linux-gnu/libzstd.so.1",
        "/usr/lib64/libzstd.so.1",
        "/usr/lib/libzstd.so.1",
        "/usr/local/lib/libzstd.so.1",
        "/opt/homebrew/lib/libzstd.1.dylib",
        "/usr/local/lib/libzstd.1.dylib");

    private NodeMain() {}

    record Args(Path data, int port, String clusterName, String nodeName, boolean watchStdin) {
        static Args parse(String[] argv) {
            Path data = null;
            int port = 9200;
            String clusterName = "kizashi";
            String nodeName = "kizashi-node";
            boolean watchStdin = false;
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                switch (a) {
                    case "--data" -> data = Path.of(value(argv, ++i, a));
                    case "--port" -> port = Integer.parseInt(value(argv, ++i, a));
                    case "--cluster-name" -> clusterName = value(argv, ++i, a);
                    case "--node-name" -> nodeName = value(argv, ++i, a);
                    case "--watch-stdin" -> watchStdin = true;
                    default -> throw new IllegalArgumentException("unknown argument " + a
                        + "; expected --data DIR [--port N] [--cluster-name NAME] [--node-name NAME] [--watch-stdin]");
                }
            }
            if (data == null) {
                throw new IllegalArgumentException("--data DIR is required");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port " + port + " is out of range; use 0..65535 (0 = any free port)");
            }
            return new Args(data, port, clusterName, nodeName, watchStdin);
        }

        private static String value(String[] argv, int i, String option) {
            if (i >= argv.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return argv[i];
        }
    }

    public static void main(String[] argv) {
        // Kept before ES's logging setup, which redirects System.out/err into log4j.
        PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream consoleErr = System.err;
        Args args;
        try {
            args = Args.parse(argv);
        } catch (RuntimeException e) {
            console.println(FAILED_PREFIX + e.getMessage());
            System.exit(2);
            return;
        }
        NodeLayout layout = new NodeLayout(args.data());
        CountDownLatch stopped = new CountDownLatch(1);
        NodeHolder holder = new NodeHolder();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            holder.close();
            stopped.countDown();
        }, "kizashi-es-shutdown"));
        try {
            layout.createDirectories();
            linkZstd(layout.nativeLibs());
            setSystemProperties(layout);
            writeLogConfig(layout.config());

            Settings settings = Settings.builder()
                .put("path.home", layout.home().toString())
                .put("path.data", layout.data().toString())
                .put("path.logs", layout.logs().toString())
                .put("cluster.name", args.clusterName())
                .put("node.name", args.nodeName())
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", Integer.toString(args.port()))
                .put("transport.port", "0")
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .build();

            LogConfigurator.registerErrorListener();
            LogConfigurator.setClusterName(args.clusterName());
            LogConfigurator.setNodeName(args.nodeName());
            Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), layout.config(), args::nodeName);
            LogConfigurator.configure(environment, false);

            Node node = holder.set(new ClasspathNode(environment, List.of(Netty4Plugin.class, RootInfoPlugin.class)));
            node.start();
            waitForYellow(node);
            int port = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
            console.println(READY_PREFIX + "http://127.0.0.1:" + port);
        } catch (Throwable e) {
            // Stack trace first: the parent may kill us soon after reading the FAILED line.
            e.printStackTrace(consoleErr);
            consoleErr.flush();
            console.println(FAILED_PREFIX + describe(e, args));
            System.exit(1);
            return;
        }
        if (args.watchStdin()) {
            Thread watcher = new Thread(() -> {
                awaitEof(System.in);
                System.exit(0);
            }, "kizashi-es-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After a restart, shards recover in the background; ready means searches see the old data. */
    private static void waitForYellow(Node node) {
        ClusterHealthResponse health = node.client().admin().cluster()
            .prepareHealth(TimeValue.timeValueSeconds(60))
            .setWaitForYellowStatus()
            .setTimeout(TimeValue.timeValueSeconds(60))
            .get();
        if (health.isTimedOut()) {
            org.apache.logging.log4j.LogManager.getLogger(NodeMain.class)
                .warn("cluster still {} after 60s; serving anyway", health.getStatus());
        }
    }

    private static void awaitEof(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone: same as EOF.
        }
    }

    /** One line naming the cause and its fix; the stack trace goes to the console log. */
    static String describe(Throwable e, Args args) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("failed to obtain node locks")) {
                return "data directory " + args.data().toAbsolutePath() + " is in use by another running Elasticsearch node"
                    + " (node lock held); stop that node or choose another data directory";
            }
            if (t instanceof org.elasticsearch.http.BindHttpException || m.contains("Failed to bind to")) {
                return "cannot bind HTTP port " + args.port() + " on 127.0.0.1 (" + m + "); stop whatever uses it or choose"
                    + " another port (0 = any free port)";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e == root ? e.toString() : e + " (caused by " + root + ")";
        return text.replace('\n', ' ');
    }

    private static void setSystemProperties(NodeLayout layout) {
        // What ES's jvm.options would set; -D flags from the parent win.
        setIfAbsent("es.nativelibs.path", layout.nativeLibs().toString());
        setIfAbsent("org.elasticsearch.nativeaccess.enableVectorLibrary", "false");
        setIfAbsent("io.netty.noUnsafe", "true");
        setIfAbsent("io.netty.noKeySetOptimization", "true");
        setIfAbsent("io.netty.recycler.maxCapacityPerThread", "0");
        setIfAbsent("log4j2.formatMsgNoLookups", "true");
        setIfAbsent("log4j2.disable.jmx", "true");
        // Our shutdown hook closes the node and needs logging until the end.
        setIfAbsent("log4j.shutdownHookEnabled", "false");
        setIfAbsent("es.networkaddress.cache.ttl", "60");
        setIfAbsent("es.networkaddress.cache.negative.ttl", "10");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * ES loads zstd (stored-field compression) from {@code es.nativelibs.path} under the name
     * libzstd.so; Debian ships only libzstd.so.1 unless the -dev package is installed.
     */
    static void linkZstd(Path nativeDir) throws IOException {
        String libName = System.mapLibraryName("zstd");
        Path link = nativeDir.resolve(libName);
        Path target = findSystemZstd();
        if (target == null) {
            // ES falls back to a slower Java path only for some operations; say so in the log, do not fail.
            System.err.println("warning: no system libzstd found (install libzstd1); Elasticsearch may fail to compress stored fields");
            return;
        }
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
            return;
        }
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }

    private static Path findSystemZstd() {
        for (String candidate : ZSTD_CANDIDATES) {
            Path p = Path.of(candidate);
            if (Files.isReadable(p)) {
                return p.toAbsolutePath();
            }
        }
        // Other distributions and architectures: ask the dynamic linker's cache.
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(10, TimeUnit.SECONDS);
                for (String line : out.split("\n")) {
                    int arrow = line.indexOf("=>");
                    if (line.trim().startsWith("libzstd.so.1") && arrow > 0) {
                        Path lib = Path.of(line.substring(arrow + 2).trim());
                        if (Files.isReadable(lib)) {
                            return lib;
                        }
                    }
                }
            } catch (IOException e) {
                // try the next location of ldconfig
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static void writeLogConfig(Path configDir) throws IOException {
        String config = """
            # Generated by Kizashi's embedded node on every start; edits are overwritten.
            status = error
            appender.file.type = RollingFile
            appender.file.name = file
            appender.file.fileName = ${sys:es.logs.base_path}${sys:file.separator}elasticsearch.log
            appender.file.filePattern = ${sys:es.logs.base_path}${sys:file.separator}elasticsearch-%i.log.gz
            appender.file.layout.type = PatternLayout
            appender.file.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
            appender.file.policies.type = Policies
            appender.file.policies.size.type = SizeBasedTriggeringPolicy
            appender.file.policies.size.size = 64MB
            appender.file.strategy.type = DefaultRolloverStrategy
            appender.file.strategy.max = 4
            rootLogger.level = info
            rootLogger.appenderRef.file.ref = file
            """;
        Files.writeString(configDir.resolve("log4j2.properties"), config, StandardCharsets.UTF_8);
    }

    /** Holds the node for the shutdown hook, which may run before, during or after construction. */
    private static final class NodeHolder {
        private Node node;
        private boolean closed;

        synchronized Node set(Node n) {
            if (closed) {
                try {
                    n.close();
                } catch (IOException e) {
                    // shutting down anyway
                }
                throw new IllegalStateException("shutdown requested while the node was starting");
            }
            this.node = n;
            return n;
        }

        synchronized void close() {
            closed = true;
            if (node == null) {
                return;
            }
            try {
                node.close();
                if (!node.awaitClose(30, TimeUnit.SECONDS)) {
                    System.err.println("warning: node did not close within 30s");
                }
            } catch (IOException e) {
                e.printStackTrace();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                org.apache.logging.log4j.LogManager.shutdown();
            }
        }
    }
}
