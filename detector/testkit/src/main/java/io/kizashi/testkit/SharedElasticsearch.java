package io.kizashi.testkit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.kizashi.es.embedded.EmbeddedElasticsearch;
import io.kizashi.es.embedded.EmbeddedElasticsearchException;
import io.kizashi.es.embedded.NodeConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The one embedded Elasticsearch node of this test JVM: started lazily on first use, in a fresh temp
 * directory, stopped when the JUnit run ends (or the JVM exits). Tests get it through
 * {@link ElasticsearchExtension}; code outside JUnit extensions may call {@link #get()}.
 *
 * <p>System properties: {@code kizashi.testkit.heap} (default 512m), {@code kizashi.testkit.keep=true}
 * keeps the data dir (and ES's log) after the run, {@code kizashi.es.aot.dir} moves or ("none")
 * disables the AOT start cache (see {@link EmbeddedElasticsearch#defaultAotCacheDir()}).
 */
public final class SharedElasticsearch {

    private static SharedElasticsearch instance;

    private final AtomicInteger prefixCounter = new AtomicInteger();
    private Path dataDir;
    private EmbeddedElasticsearch node;
    private ElasticsearchClient client;
    private URI clientUri;
    private int generation;

    private SharedElasticsearch() {}

    /** The shared node of this JVM (not started until first used). */
    public static synchronized SharedElasticsearch get() {
        if (instance == null) {
            instance = new SharedElasticsearch();
        }
        return instance;
    }

    /** The running node's handle, starting it if needed. A restart replaces the handle; do not keep it. */
    public synchronized EmbeddedElasticsearch node() {
        ensureStarted();
        return node;
    }

    /** Base URL of the node; stays the same across {@link #restart()}. */
    public synchronized URI uri() {
        return node().httpUri();
    }

    /** Process id of the node's JVM (changes on restart). */
    public synchronized long pid() {
        return node().pid();
    }

    /** The node's data directory (a temp dir, deleted at the end of the run). */
    public synchronized Path dataDir() {
        ensureStarted();
        return dataDir;
    }

    /** How many times a node has been started in this JVM (1 = never restarted). */
    public synchronized int generation() {
        return generation;
    }

    /** True while the node's process runs. */
    public synchronized boolean isRunning() {
        return node != null && node.isAlive();
    }

    /** A client for the node (JacksonJsonpMapper, rest5 transport), shared by all tests; do not close it. */
    public synchronized ElasticsearchClient client() {
        ensureStarted();
        return client;
    }

    /**
     * Stops the node and starts it again on the same data dir and port, so clients keep working and
     * data survives; for tests of restart behaviour.
     */
    public synchronized void restart() {
        ensureStarted();
        stop();
        ensureStarted();
    }

    /** Stops the node; the next use of the node (by this or a later test) starts it again on the same data. */
    public synchronized void stop() {
        if (node != null) {
            node.close();
            node = null;
        }
    }

    /** A prefix no other test in this JVM gets: {@code t-<hash of the owner's name>-<n>-}. */
    public IndexPrefix newIndexPrefix(Class<?> owner) {
        String hash = String.format("%08x", owner.getName().hashCode());
        return new IndexPrefix("t-" + hash + "-" + prefixCounter.incrementAndGet() + "-");
    }

    /** Deletes the indices, index templates and component templates whose names start with the prefix. */
    public synchronized void deleteAll(IndexPrefix prefix) {
        ElasticsearchClient c = client();
        try {
            List<String> indices = new ArrayList<>(c.indices().get(g -> g.index(prefix.pattern())
                .allowNoIndices(true).ignoreUnavailable(true).expandWildcards(ExpandWildcard.All)).indices().keySet());
            // Wildcard deletes are refused by default (action.destructive_requires_name), so name them.
            if (!indices.isEmpty()) {
                c.indices().delete(d -> d.index(indices));
            }
            for (var t : c.indices().getIndexTemplate(g -> g.name(prefix.pattern())).indexTemplates()) {
                c.indices().deleteIndexTemplate(d -> d.name(t.name()));
            }
            for (var t : c.cluster().getComponentTemplate(g -> g.name(prefix.pattern())).componentTemplates()) {
                c.cluster().deleteComponentTemplate(d -> d.name(t.name()));
            }
        } catch (ElasticsearchException e) {
            if (e.status() != 404) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test's indices " + prefix.pattern() + " on " + clientUri, e);
        }
    }

    /** Stops the node, closes the client, deletes the data dir; a later {@link #get()} starts afresh. */
    synchronized void shutdown() {
        try {
            if (client != null) {
                client._transport().close();
            }
        } catch (IOException e) {
            // closing anyway
        } finally {
            client = null;
            stop();
            if (dataDir != null && !Boolean.getBoolean("kizashi.testkit.keep")) {
                deleteRecursively(dataDir);
            }
            synchronized (SharedElasticsearch.class) {
                if (instance == this) {
                    instance = null;
                }
            }
        }
    }

    private void ensureStarted() {
        if (node != null && node.isAlive()) {
            return;
        }
        if (node != null) {
            node.close(); // it died on its own; collect it
            node = null;
        }
        if (dataDir == null) {
            try {
                dataDir = Files.createTempDirectory("kizashi-es-test-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temp dir for the test node (java.io.tmpdir="
                    + System.getProperty("java.io.tmpdir") + ")", e);
            }
        }
        NodeConfig config = config(clientUri == null ? 0 : clientUri.getPort());
        try {
            node = EmbeddedElasticsearch.start(config);
        } catch (EmbeddedElasticsearchException e) {
            if (config.httpPort() == 0) {
                throw e;
            }
            // Someone took our port while the node was down: take any port, and a new client for it.
            node = EmbeddedElasticsearch.start(config.withHttpPort(0));
        }
        generation++;
        if (client == null || !node.httpUri().equals(clientUri)) {
            if (client != null) {
                try {
                    client._transport().close();
                } catch (IOException e) {
                    // replaced anyway
                }
            }
            clientUri = node.httpUri();
            client = newClient(clientUri);
        }
    }

    private NodeConfig config(int port) {
        EmbeddedElasticsearch.Builder b = EmbeddedElasticsearch.builder()
            .dataDir(dataDir)
            .httpPort(port)
            .clusterName("kizashi-test")
            .heap(System.getProperty("kizashi.testkit.heap", "512m"));
        return b.aotCacheDir(EmbeddedElasticsearch.defaultAotCacheDir()).build();
    }

    /** A client like the shared one, for a node of your own (close its transport when done). */
    public static ElasticsearchClient newClient(URI uri) {
        Rest5Client rest = Rest5Client.builder(uri).build();
        return new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp dir; the OS cleans up what we could not
        }
    }
}
