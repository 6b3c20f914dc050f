package io.kizashi.es.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Java AOT cache (JEP 483/514) for the node's JVM: the first start records one (-XX:AOTCacheOutput),
 * later starts use it (-XX:AOTCache), which cuts start time. The cache is only valid for the exact JDK,
 * class path (jar sizes and dates) and JVM options, so its file name is a hash of those; a cache is
 * written to a temporary name and renamed only after a clean exit, so a killed node never leaves a
 * truncated cache behind.
 */
final class AotCache {

    private static final int KEEP = 3;

    private final Path dir;
    private final Path cache;
    private final Path pending;
    private boolean recording;
    private boolean using;

    private AotCache(Path dir, Path cache, Path pending) {
        this.dir = dir;
        this.cache = cache;
        this.pending = pending;
    }

    /**
     * Null when AOT is disabled or cannot work for this class path (directories are not archivable).
     * {@code jvmOptions} are the options that must match between recording and use (no per-node paths).
     */
    static AotCache forNode(Path dir, List<Path> classpath, List<String> jvmOptions, Path javaCommand) {
        if (dir == null || classpath.stream().anyMatch(Files::isDirectory)) {
            return null;
        }
        removeAbandoned(dir);
        String key = key(classpath, jvmOptions, javaCommand);
        Path cache = dir.resolve("es-node-" + key + ".aot");
        Path pending = dir.resolve("es-node-" + key + ".aot." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
        return new AotCache(dir, cache, pending);
    }

    /** The JVM options for this start: use the cache if one exists, else record one. */
    List<String> jvmOptions() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return List.of(); // no cache rather than no node
        }
        if (Files.isRegularFile(cache)) {
            using = true;
            return List.of("-XX:AOTCache=" + cache);
        }
        recording = true;
        return List.of("-XX:AOTCacheOutput=" + pending);
    }

    /** True when this start records a cache (its exit then takes longer). */
    boolean recording() {
        return recording;
    }

    /** True when this start uses an existing cache. */
    boolean using() {
        return using;
    }

    /** After the child exited: publish a recorded cache if the exit was clean, drop it otherwise. */
    void finish(int exitCode) {
        if (!recording) {
            return;
        }
        try {
            if (exitCode == 0 && Files.isRegularFile(pending) && Files.size(pending) > 0) {
                try {
                    Files.move(pending, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(pending, cache, StandardCopyOption.REPLACE_EXISTING);
                }
                pruneOld();
            }
            Files.deleteIfExists(pending);
            // The one-step workflow leaves its training configuration next to the output.
            Files.deleteIfExists(Path.of(pending + ".config"));
        } catch (IOException e) {
            // A cache is an optimisation; failing to publish it must not fail the stop.
        }
    }

    Path file() {
        return cache;
    }

    /** Keeps the newest few caches (e.g. jar and target/classes layouts alternate between builds). */
    private void pruneOld() throws IOException {
        // Caches and the stable jars of our own classes they were recorded with (see NodeClasspath).
        for (String glob : List.of("es-node-*.aot", "kizashi-es-node-*.jar")) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                ds.forEach(files::add);
            }
            files.sort((a, b) -> Long.compare(mtime(b), mtime(a)));
            for (int i = KEEP; i < files.size(); i++) {
                Files.deleteIfExists(files.get(i));
            }
        }
    }

    /** Recordings whose parent died before publishing them (100+ MB each). */
    private static void removeAbandoned(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        long cutoff = System.currentTimeMillis() - java.time.Duration.ofHours(1).toMillis();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "es-node-*.tmp*")) {
            for (Path p : ds) {
                if (mtime(p) < cutoff) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String key(List<Path> classpath, List<String> jvmOptions, Path javaCommand) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder sb = new StringBuilder();
            sb.append(javaCommand).append('\n').append(Runtime.version()).append('\n');
            for (String o : jvmOptions) {
                sb.append(o).append('\n');
            }
            for (Path p : classpath) {
                sb.append(p).append('|').append(sizeOf(p)).append('|').append(mtime(p)).append('\n');
            }
            byte[] digest = sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", e);
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
