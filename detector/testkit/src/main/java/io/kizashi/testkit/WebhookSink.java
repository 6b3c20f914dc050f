package io.kizashi.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A webhook receiver for tests on 127.0.0.1 (any free port): records every POST with its arrival time,
 * path, headers and JSON body, answers 200, or a given status for the next N requests to simulate a
 * receiver that is down. One receiver for the alerting and the service tests, so that both check
 * deliveries the same way.
 */
public final class WebhookSink implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received request. */
    public record Request(Instant arrivedAt, String path, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;

    public WebhookSink() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test webhook on 127.0.0.1", e);
        }
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "webhook-sink");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            Instant at = Instant.now();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status = 200;
            if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                status = failStatus;
            } else {
                JsonNode json = body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
                synchronized (requests) {
                    requests.add(new Request(at, ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), json));
                    requests.notifyAll();
                }
            }
            byte[] out = (status == 200 ? "ok" : "unavailable").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next {@code n} requests get {@code status} and are not recorded. */
    public void failNext(int n, int status) {
        failStatus = status;
        failNext.set(n);
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * How many times each {@code Idempotency-Key} arrived (a key seen more than once is a redelivery); a request
     * without the header counts under "" (the service sends the header on every notification).
     */
    public Map<String, Long> keys() {
        return requests().stream().collect(Collectors.groupingBy(r -> Objects.requireNonNullElse(r.header("Idempotency-Key"), ""),
                Collectors.counting()));
    }

    /** Waits until at least {@code count} recorded requests match, or the timeout passes; returns the matching ones. */
    public List<Request> await(Predicate<Request> match, int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (true) {
                List<Request> got = requests.stream().filter(match).toList();
                long left = end - System.nanoTime();
                if (got.size() >= count || left <= 0) {
                    return got;
                }
                requests.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
