package io.kizashi.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real Alertmanager ({@code /usr/bin/prometheus-alertmanager}) on a loopback port, with clustering
 * off, storage in a given directory and a config that routes every alert (grouped by all labels: one
 * notification per alert) to a webhook; short group_wait/group_interval so tests stay quick. Can be stopped
 * and started again on the same port and storage (to simulate an outage).
 */
public final class AlertmanagerProcess implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private final Path dir;
    private final int port;
    private final URI webhook;
    private Process process;

    /** True when the binary is installed (the test command installs it; CI must have it). */
    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    public AlertmanagerProcess(Path dir, URI webhook) {
        this.dir = dir;
        this.webhook = webhook;
        this.port = freePort();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts it and waits until it is ready (at most 20 s). */
    public AlertmanagerProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Path config = dir.resolve("alertmanager.yml");
            Files.writeString(config, """
                route:
                  receiver: test
                  group_by: ['...']
                  group_wait: 500ms
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: test
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                """.formatted(webhook));
            Files.createDirectories(dir.resolve("data"));
            ProcessBuilder pb = new ProcessBuilder(List.of(BINARY.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=info"));
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
        awaitReady(Duration.ofSeconds(20));
        return this;
    }

    /** Stops it (SIGTERM, then SIGKILL after 10 s). */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public String log() {
        try {
            Path log = dir.resolve("alertmanager.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read the log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Alertmanager exited at start (" + process.exitValue() + "):\n" + log());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(1))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Alertmanager", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Alertmanager", e);
            }
        }
        stop();
        throw new IllegalStateException("Alertmanager was not ready within " + timeout + ":\n" + log());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
