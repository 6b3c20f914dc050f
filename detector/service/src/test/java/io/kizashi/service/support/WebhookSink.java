package io.kizashi.service.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/** A webhook receiver on loopback that records every notification with its Idempotency-Key; can be switched off (503). */
public final class WebhookSink implements AutoCloseable {

    /** One POST as received. */
    public record Received(String key, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();

    public WebhookSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (down.get()) {
                ex.sendResponseHeaders(503, -1);
            } else {
                received.add(new Received(ex.getRequestHeaders().getFirst("Idempotency-Key"), new String(body, StandardCharsets.UTF_8)));
                ex.sendResponseHeaders(200, -1);
            }
            ex.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** While down, every POST is answered 503 and not recorded. */
    public void down(boolean d) {
        down.set(d);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** How many times each key arrived. */
    public Map<String, Long> keys() {
        return received.stream().collect(Collectors.groupingBy(Received::key, ConcurrentHashMap::new, Collectors.counting()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
