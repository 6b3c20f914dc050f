package io.kizashi.es.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an embedded node keeps its files under its data directory; shared by the controller and the
 * node's main class so both agree on the paths.
 *
 * @param root the directory given as {@code --data}; everything the node writes lives below it
 */
public record NodeLayout(Path root) {

    public NodeLayout {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    /** Elasticsearch's {@code path.data}: indices and cluster state, kept across restarts. */
    public Path data() {
        return root.resolve("data");
    }

    /** Elasticsearch's {@code path.logs}. */
    public Path logs() {
        return root.resolve("logs");
    }

    /** Elasticsearch's own log (log4j, rolled at 64 MiB). */
    public Path logFile() {
        return logs().resolve("elasticsearch.log");
    }

    /** The child JVM's stderr (JVM warnings, crashes before logging is set up). */
    public Path consoleLog() {
        return logs().resolve("node-console.log");
    }

    /** Elasticsearch's {@code path.home}; holds nothing but the generated config directory. */
    public Path home() {
        return root.resolve("home");
    }

    /** The node's config directory (the generated log4j2.properties). */
    public Path config() {
        return home().resolve("config");
    }

    /** Directory given to ES as {@code es.nativelibs.path} (a libzstd.so symlink to the system library). */
    public Path nativeLibs() {
        return root.resolve("native");
    }

    /** The child JVM's {@code java.io.tmpdir}. */
    public Path tmp() {
        return root.resolve("tmp");
    }

    /** Creates every directory of the layout; fails with the path that could not be created. */
    public void createDirectories() {
        for (Path dir : new Path[] {data(), logs(), config(), nativeLibs(), tmp()}) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create directory " + dir + " of the Elasticsearch data dir " + root
                    + " (" + e.getMessage() + "); choose a writable data directory", e);
            }
        }
    }
}
