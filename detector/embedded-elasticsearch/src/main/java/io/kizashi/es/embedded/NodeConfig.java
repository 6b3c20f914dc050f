package io.kizashi.es.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything needed to start (and restart) one embedded node; validated here, built by
 * {@link EmbeddedElasticsearch.Builder}.
 *
 * @param dataDir      root of the node's files ({@link NodeLayout}); data survives restarts on the same dir
 * @param httpPort     HTTP port on 127.0.0.1, 0 = any free port (read it from the handle)
 * @param heap         the child's -Xms/-Xmx, e.g. "512m" or "1g"
 * @param clusterName  ES cluster.name
 * @param nodeName     ES node.name
 * @param startTimeout how long to wait for the node to serve HTTP before killing it
 * @param stopTimeout  how long a graceful stop may take before the process is signalled, then killed
 * @param aotCacheDir  where to keep Java AOT caches that speed up later starts; null = no AOT cache
 * @param jvmArgs      extra JVM options for the child (after ours, so they win)
 * @param javaCommand  the java executable; by default the one running this JVM
 */
public record NodeConfig(
    Path dataDir,
    int httpPort,
    String heap,
    String clusterName,
    String nodeName,
    Duration startTimeout,
    Duration stopTimeout,
    Path aotCacheDir,
    List<String> jvmArgs,
    Path javaCommand
) {
    private static final Pattern HEAP = Pattern.compile("(\\d+)([kmg])");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final long MIN_HEAP_BYTES = 128L << 20;

    public NodeConfig {
        Objects.requireNonNull(dataDir, "dataDir is required: the directory that holds the node's data and logs");
        dataDir = dataDir.toAbsolutePath().normalize();
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort " + httpPort + " is out of range; use 1..65535, or 0 for any free port");
        }
        Objects.requireNonNull(heap, "heap");
        heap = heap.trim().toLowerCase(Locale.ROOT);
        Matcher m = HEAP.matcher(heap);
        if (!m.matches()) {
            throw new IllegalArgumentException("heap '" + heap + "' is not a JVM size; write it like 512m or 1g");
        }
        if (heapBytes(m) < MIN_HEAP_BYTES) {
            throw new IllegalArgumentException("heap " + heap + " is too small for Elasticsearch; use at least 128m (256m+ recommended)");
        }
        requireName("clusterName", clusterName);
        requireName("nodeName", nodeName);
        requirePositive("startTimeout", startTimeout);
        requirePositive("stopTimeout", stopTimeout);
        if (aotCacheDir != null) {
            aotCacheDir = aotCacheDir.toAbsolutePath().normalize();
        }
        jvmArgs = List.copyOf(Objects.requireNonNull(jvmArgs, "jvmArgs"));
        Objects.requireNonNull(javaCommand, "javaCommand");
    }

    /** The same node on another port (restarts pin the port they had so clients stay valid). */
    public NodeConfig withHttpPort(int port) {
        return new NodeConfig(dataDir, port, heap, clusterName, nodeName, startTimeout, stopTimeout, aotCacheDir, jvmArgs, javaCommand);
    }

    /** Paths below {@link #dataDir()}. */
    public NodeLayout layout() {
        return new NodeLayout(dataDir);
    }

    private static long heapBytes(Matcher m) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            default -> n << 30;
        };
    }

    private static void requireName(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' is invalid; use 1-64 letters, digits, '_', '.' or '-'");
        }
    }

    private static void requirePositive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " " + d + " must be a positive duration, e.g. Duration.ofSeconds(60)");
        }
    }
}
