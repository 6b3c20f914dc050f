package io.kizashi.es.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Finds the child JVM's class path without the ES jars being on ours: this module's own classes (jar or
 * target/classes) plus the jars listed in the {@code node.classpath} resource that the build writes
 * (absolute paths into the local Maven repository).
 */
final class NodeClasspath {

    /** Overrides the resource, e.g. for a packaged distribution: entries separated by the path separator. */
    static final String OVERRIDE_PROPERTY = "kizashi.es.classpath";
    static final String RESOURCE = "node.classpath";

    private NodeClasspath() {}

    /** Fixed entry time of the stable jar, so equal classes give an identical file. */
    private static final FileTime EPOCH = FileTime.fromMillis(315532800000L); // 1980-01-01, the zip epoch

    /**
     * The node's class path. With {@code stableJarDir}, this module's classes are first copied into
     * {@code kizashi-es-node-<hash of the classes>.jar} there: a rebuilt but unchanged module jar (new
     * timestamp) or a target/classes directory would otherwise invalidate any Java AOT cache.
     */
    static List<Path> resolve(Path stableJarDir) {
        String override = System.getProperty(OVERRIDE_PROPERTY);
        List<Path> entries = new ArrayList<>();
        Path own = ownLocation();
        entries.add(stableJarDir == null ? own : stableJar(own, stableJarDir));
        String listed = override != null ? override : readResource();
        for (String part : listed.trim().split(java.io.File.pathSeparator)) {
            if (!part.isBlank()) {
                entries.add(Path.of(part.trim()));
            }
        }
        List<Path> missing = entries.stream().filter(p -> !Files.exists(p)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the embedded Elasticsearch class path names " + missing.size() + " missing file(s), first "
                + missing.getFirst() + "; rebuild it (mvn -pl detector/embedded-elasticsearch -am install -DskipTests) so the"
                + " jars are in the local Maven repository"
                + (override != null ? ", or fix -D" + OVERRIDE_PROPERTY : ""));
        }
        return List.copyOf(entries);
    }

    static String asString(List<Path> entries) {
        return String.join(java.io.File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    private static Path stableJar(Path own, Path dir) {
        try {
            Map<String, byte[]> classes = readClasses(own);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            classes.forEach((name, bytes) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update(bytes);
            });
            Path jar = dir.resolve("kizashi-es-node-" + HexFormat.of().formatHex(sha.digest(), 0, 8) + ".jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "kizashi-es-node-", ".jar.tmp");
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out)) {
                for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                    JarEntry entry = new JarEntry(e.getKey());
                    entry.setLastModifiedTime(EPOCH);
                    jos.putNextEntry(entry);
                    jos.write(e.getValue());
                    jos.closeEntry();
                }
            }
            // The file's own mtime is set once, here, and never changes: AOT caches check it.
            Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return jar;
        } catch (IOException e) {
            return own; // only the AOT cache suffers
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", e);
        }
    }

    /** Class files (and only those: the node needs no resources of ours) by entry name, sorted. */
    private static Map<String, byte[]> readClasses(Path own) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(own)) {
            try (Stream<Path> files = Files.walk(own)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    classes.put(own.relativize(f).toString().replace(java.io.File.separatorChar, '/'), Files.readAllBytes(f));
                }
            }
        } else {
            try (JarFile jar = new JarFile(own.toFile())) {
                Enumeration<JarEntry> en = jar.entries();
                while (en.hasMoreElements()) {
                    JarEntry e = en.nextElement();
                    if (e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            classes.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return classes;
    }

    private static Path ownLocation() {
        CodeSource source = NodeClasspath.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where kizashi-embedded-elasticsearch's classes were loaded from;"
                + " put its jar (or target/classes) on the class path as a plain file");
        }
        try {
            return Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("kizashi-embedded-elasticsearch was loaded from " + source.getLocation()
                + ", which is not a local file; put its jar on the class path as a plain file", e);
        }
    }

    private static String readResource() {
        try (InputStream in = NodeClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource io/kizashi/es/embedded/" + RESOURCE + " is missing from"
                    + " kizashi-embedded-elasticsearch; build that module with Maven (its generate-resources phase writes it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read io/kizashi/es/embedded/" + RESOURCE, e);
        }
    }
}
