package io.kizashi.service.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link ReplicaMain} in a child JVM of the test (same class path): started, asked over HTTP, killed. */
public final class ChildReplica implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final long logStart; // the log is appended to: this process's lines start here
    private int port = -1;

    private ChildReplica(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /** Starts a replica with these KIZASHI_* variables and the shared simulated clock. */
    public static ChildReplica start(String name, Map<String, String> env, Instant sim, long anchorMs, double speed, Path logDir)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-Dfile.encoding=UTF-8", "-Dlog4j2.level=INFO", "-cp", System.getProperty("java.class.path"),
                ReplicaMain.class.getName(), sim.toString(), Long.toString(anchorMs), Double.toString(speed)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("KIZASHI_"));
        pb.environment().putAll(env);
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ChildReplica(name, pb.start(), log, logStart);
    }

    /** Waits for the READY line; fails with the child's log when it died or took too long. */
    public ChildReplica awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            // only this process's lines: an earlier run's READY line (same name, a target/ not cleaned) names a dead port
            byte[] all = Files.readAllBytes(log);
            String mine = new String(all, (int) Math.min(logStart, all.length), (int) Math.max(0, all.length - logStart),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (String line : mine.lines().toList()) {
                if (line.startsWith("KIZASHI-READY ")) {
                    port = Integer.parseInt(line.substring(14).trim());
                    return this;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("replica " + name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("replica " + name + " not ready within " + timeout + ":\n" + tail());
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** GET /api/jobs, or null when the replica does not answer. */
    public JsonArray jobs() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? new JsonObject(r.body()).getJsonArray("jobs") : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** The ids of the jobs active on this replica (empty when it does not answer). */
    public List<String> activeJobs() {
        JsonArray a = jobs();
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (int i = 0; i < a.size(); i++) {
                if (a.getJsonObject(i).getBoolean("active", false)) {
                    out.add(a.getJsonObject(i).getString("job_id"));
                }
            }
        }
        return out;
    }

    /** The whole body of a GET on this replica. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: no shutdown hook, no goodbye to the cluster, cycles cut wherever they are. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait (the graceful stop). */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** A TCP port free right now on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
