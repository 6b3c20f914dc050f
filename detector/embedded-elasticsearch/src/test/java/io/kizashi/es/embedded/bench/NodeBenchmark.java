package io.kizashi.es.embedded.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.kizashi.es.embedded.EmbeddedElasticsearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Start time (without and with the AOT cache), memory of the node's JVM, and bulk indexing rate.
 * Not a test: numbers depend on the machine. Run:
 * <pre>
 * mvn -B -q -pl detector/embedded-elasticsearch test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.kizashi.es.embedded.bench.NodeBenchmark -Dexec.args="3 200000"
 * </pre>
 * Arguments: number of starts per mode (default 3), documents to bulk-index (default 200000).
 */
public final class NodeBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int docs = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        Path root = Files.createTempDirectory("kizashi-es-bench-");
        Path aot = root.resolve("aot");
        System.out.printf("cores %d, load %s%n", Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());

        List<Long> plain = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            plain.add(startStop(root.resolve("plain"), null));
        }
        System.out.println("start without AOT cache (ms): " + plain);

        long recordStart = System.nanoTime();
        long recording = startStop(root.resolve("aot-data"), aot);
        System.out.printf("start while recording the AOT cache: %d ms (start+stop incl. recording %d ms)%n",
            recording, (System.nanoTime() - recordStart) / 1_000_000);
        List<Long> withAot = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            withAot.add(startStop(root.resolve("aot-data"), aot));
        }
        System.out.println("start with AOT cache (ms): " + withAot);

        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.builder().dataDir(root.resolve("bulk")).aotCacheDir(aot).start()) {
            Rest5Client rest = Rest5Client.builder(es.httpUri()).build();
            ElasticsearchClient client = new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
            System.out.printf("idle node: RSS %d MiB, heap used %d MiB of %s%n", rssMiB(es.pid()), heapUsedMiB(client), es.config().heap());
            bulk(client, docs);
            System.out.printf("after bulk: RSS %d MiB, heap used %d MiB%n", rssMiB(es.pid()), heapUsedMiB(client));
            client._transport().close();
        }
        deleteRecursively(root);
    }

    private static long startStop(Path data, Path aot) {
        EmbeddedElasticsearch.Builder b = EmbeddedElasticsearch.builder().dataDir(data);
        if (aot != null) {
            b.aotCacheDir(aot);
        }
        try (EmbeddedElasticsearch es = b.start()) {
            return es.startupTime().toMillis();
        }
    }

    private static void bulk(ElasticsearchClient client, int docs) throws Exception {
        String index = "bench-logs";
        client.indices().create(c -> c.index(index)
            .settings(s -> s.numberOfShards("1").numberOfReplicas("0").refreshInterval(t -> t.time("-1")))
            .mappings(m -> m
                .properties("@timestamp", p -> p.date(d -> d))
                .properties("service.name", p -> p.keyword(k -> k))
                .properties("host.name", p -> p.keyword(k -> k))
                .properties("log.level", p -> p.keyword(k -> k))
                .properties("http.request.method", p -> p.keyword(k -> k))
                .properties("url.path", p -> p.keyword(k -> k))
                .properties("http.response.status_code", p -> p.short_(x -> x))
                .properties("event.duration", p -> p.long_(l -> l))
                .properties("message", p -> p.text(t -> t))));
        SplittableRandom rnd = new SplittableRandom(42);
        String[] services = {"checkout", "cart", "search", "auth", "payments"};
        String[] paths = {"/api/cart", "/api/search", "/api/login", "/api/pay", "/health"};
        String[] methods = {"GET", "POST"};
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        int batch = 5000;
        long start = System.nanoTime();
        for (int from = 0; from < docs; from += batch) {
            List<BulkOperation> ops = new ArrayList<>(batch);
            for (int i = from; i < Math.min(docs, from + batch); i++) {
                Map<String, Object> d = new LinkedHashMap<>();
                int status = rnd.nextInt(100) < 3 ? 500 : 200;
                d.put("@timestamp", t0.plus(Duration.ofMillis(i * 250L)).toString());
                d.put("service.name", services[rnd.nextInt(services.length)]);
                d.put("host.name", "host-" + rnd.nextInt(20));
                d.put("log.level", status == 500 ? "error" : "info");
                d.put("http.request.method", methods[rnd.nextInt(2)]);
                d.put("url.path", paths[rnd.nextInt(paths.length)]);
                d.put("http.response.status_code", status);
                d.put("event.duration", 1_000_000L + rnd.nextLong(50_000_000L));
                d.put("message", "request handled in " + rnd.nextInt(500) + " ms");
                ops.add(BulkOperation.of(o -> o.index(x -> x.index(index).document(d))));
            }
            BulkResponse r = client.bulk(b -> b.operations(ops));
            if (r.errors()) {
                throw new IllegalStateException("bulk errors, first: " + r.items().stream().filter(it -> it.error() != null).findFirst());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        client.indices().refresh(r -> r.index(index));
        long count = client.count(c -> c.index(index)).count();
        System.out.printf(Locale.ROOT, "bulk: %d docs in %.1f s = %.0f docs/s (batches of %d, 1 shard, refresh off); count %d%n",
            docs, seconds, docs / seconds, batch, count);
    }

    private static long rssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
            }
        }
        return -1;
    }

    private static long heapUsedMiB(ElasticsearchClient client) throws Exception {
        var stats = client.nodes().stats(s -> s.metric(co.elastic.clients.elasticsearch.nodes.stats.NodeStatsMetric.Jvm));
        return stats.nodes().values().iterator().next().jvm().mem().heapUsedInBytes() / (1024 * 1024);
    }

    private static void deleteRecursively(Path root) throws Exception {
        try (var files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
