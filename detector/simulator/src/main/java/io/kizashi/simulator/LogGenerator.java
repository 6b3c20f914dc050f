package io.kizashi.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Generates the platform's log documents for a simulated-time interval: a pure function of the
 * config and the interval. Intervals compose exactly: {@code generate(a, b)} followed by
 * {@code generate(b, c)} equals {@code generate(a, c)}, because every request is drawn from a random
 * stream keyed by (seed, service, second) and each document belongs to the interval holding its
 * own timestamp. Documents come back in {@link LogDocument#ORDER}.
 */
public final class LogGenerator {

    /** Requests never take longer (a gateway timeout); also how far back an interval looks for started requests. */
    public static final Duration MAX_REQUEST_DURATION = Duration.ofSeconds(60);
    /** Kubernetes events are logged up to this long after the change that caused them. */
    static final long EVENT_SPREAD_MS = 60_000L;
    static final String AGENT_VERSION = "9.5.3";
    static final String ECS_VERSION = "8.17.0";
    static final int DB_POOL_SIZE = 20;

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter INDEX_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");

    private final SimulationConfig cfg;
    private final Platform platform;
    private final GroundTruth truth;
    private final long[] serviceSeeds;
    private final double[][] endpointCdf;
    private final double[] tenantCdf;
    private final String[] tenantIds;
    private final Map<Long, String> indexByDay = new ConcurrentHashMap<>();

    public LogGenerator(SimulationConfig config) {
        this.cfg = Objects.requireNonNull(config, "config");
        this.platform = new Platform(config);
        this.truth = new GroundTruth(platform);
        int n = config.services().size();
        serviceSeeds = new long[n];
        endpointCdf = new double[n][];
        for (int i = 0; i < n; i++) {
            ServiceSpec s = config.services().get(i);
            // Keyed by name, not position: adding a service does not reshuffle the others' streams.
            serviceSeeds[i] = Rng.mix(config.seed(), Rng.hash("requests/" + s.name()));
            endpointCdf[i] = Rng.cumulative(s.endpoints().stream().mapToDouble(Endpoint::weight).toArray());
        }
        double[] w = new double[config.tenants()];
        tenantIds = new String[config.tenants()];
        for (int t = 0; t < w.length; t++) {
            w[t] = 1.0 / Math.pow(t + 1, 1.1); // a few large customers, a long tail of small ones
            tenantIds[t] = "tenant-" + Rng.hex(Rng.mix(config.seed(), Rng.hash("tenant"), t), 8);
        }
        tenantCdf = Rng.cumulative(w);
    }

    public SimulationConfig config() {
        return cfg;
    }

    /** What the generator intended: incidents, deploys, expected rates. */
    public GroundTruth groundTruth() {
        return truth;
    }

    /** The daily index (UTC date, like Filebeat) that a document with this timestamp goes to. */
    public String indexFor(long timestampMs) {
        long day = Math.floorDiv(timestampMs, Platform.DAY_MS);
        return indexByDay.computeIfAbsent(day, d -> cfg.indexPrefix() + LocalDate.ofEpochDay(d).format(INDEX_DATE));
    }

    /** Every document with {@code from <= @timestamp < to}, in {@link LogDocument#ORDER}. */
    public List<LogDocument> generate(Instant from, Instant to) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        if (t < f) {
            throw new IllegalArgumentException("interval end " + to + " is before its start " + from);
        }
        if (f < platform.scenario.worldStartMs) {
            throw new IllegalArgumentException("interval starts at " + from + ", before the simulated world begins ("
                + Instant.ofEpochMilli(platform.scenario.worldStartMs) + " = config start minus " + Scenario.PRE_HISTORY
                + "): move the config start earlier");
        }
        List<LogDocument> out = new ArrayList<>();
        if (t == f) {
            return out;
        }
        for (ServiceSpec s : cfg.services()) {
            requests(s, f, t, out);
            runtimeStats(s, f, t, out);
            kubernetesEvents(s, f, t, out);
        }
        out.sort(LogDocument.ORDER);
        return out;
    }

    /**
     * Generates [from, to) in consecutive chunks and hands each chunk's documents to the sink, so a long
     * backfill never holds more than one chunk in memory. Same documents as {@link #generate}.
     */
    public void generate(Instant from, Instant to, Duration chunk, Consumer<List<LogDocument>> sink) {
        if (chunk.isNegative() || chunk.isZero()) {
            throw new IllegalArgumentException("chunk must be positive, got " + chunk);
        }
        for (Instant a = from; a.isBefore(to); ) {
            Instant b = a.plus(chunk).isAfter(to) ? to : a.plus(chunk);
            sink.accept(generate(a, b));
            a = b;
        }
    }

    // ------------------------------------------------------------------ requests

    private void requests(ServiceSpec s, long from, long to, List<LogDocument> out) {
        int si = platform.indexOf(s);
        long firstSec = Math.floorDiv(from - MAX_REQUEST_DURATION.toMillis(), 1000L);
        long lastSec = Math.floorDiv(to - 1, 1000L);
        for (long sec = firstSec; sec <= lastSec; sec++) {
            long secMs = sec * 1000L;
            if (secMs < platform.scenario.worldStartMs) {
                continue;
            }
            double lambda = platform.rate(s, secMs);
            SplittableRandom r = new SplittableRandom(Rng.mix(serviceSeeds[si], sec));
            int n = Rng.poisson(r, lambda);
            if (n == 0) {
                continue;
            }
            Effects eff = platform.effects(s, secMs);
            Deploy levels = platform.scenario.levelsAt(s.name(), secMs);
            List<Platform.Pod> pods = platform.podsAt(s, secMs);
            double load = Math.min(1.5, lambda / (pods.size() * platform.peakRate(s) / s.podsAtPeak()));
            double loadFactor = 1 + 0.25 * load * load;
            for (int k = 0; k < n; k++) {
                request(s, si, sec, k, r, eff, levels, pods, loadFactor, from, to, out);
            }
        }
    }

    private void request(ServiceSpec s, int si, long sec, int k, SplittableRandom r, Effects eff, Deploy levels,
                         List<Platform.Pod> pods, double loadFactor, long from, long to, List<LogDocument> out) {
        // Every draw happens whether or not its document falls in [from, to): the stream must not depend on the interval.
        long t0 = sec * 1000L + r.nextInt(1000);
        Endpoint e = s.endpoints().get(Rng.pick(r, endpointCdf[si]));
        String tenant = tenantIds[Rng.pick(r, tenantCdf)];
        Platform.Pod pod = pods.get(r.nextInt(pods.size()));
        String requestId = Rng.hex(r.nextLong(), 16) + Rng.hex(r.nextLong(), 16);
        long pathId = r.nextLong();
        double noise = r.nextGaussian();
        double uErr = r.nextDouble();
        double u4xx = r.nextDouble();
        int statusPick = r.nextInt(100);
        double uPool = r.nextDouble();
        double uDb = r.nextDouble();

        double heap = platform.heapFraction(pod, t0);
        double median = e.medianMs() * levels.latencyFactor() * loadFactor * eff.latency() * Platform.gcLatencyFactor(heap);
        double latencyMs = median * Math.exp(e.sigma() * noise);
        double baseErr = s.baseErrorRate() * levels.errorFactor();
        Effects.ErrorMode mode = null;
        if (uErr < baseErr) {
            mode = Effects.ErrorMode.GENERIC;
        } else if (uErr < baseErr + eff.errorProb()) {
            mode = eff.mode();
        }
        long maxMs = MAX_REQUEST_DURATION.toMillis();
        if (latencyMs >= maxMs) {
            latencyMs = maxMs - 1;
            mode = Effects.ErrorMode.TIMEOUT;
        }
        int status = mode != null ? status(mode, statusPick) : u4xx < 0.015 ? clientError(statusPick) : e.successStatus();
        long durUs = Math.max(200L, Math.round(latencyMs * 1000));
        long t1 = t0 + durUs / 1000;
        String path = fillPath(e.path(), pathId);

        Pod5 p = new Pod5(pod, platform.restartCount(pod, t0));
        String base = s.code() + "-" + Long.toString(sec, 36) + "-" + Long.toString(k, 36) + "-";
        if (in(t0, from, to)) {
            Fields f = common(p, base + "0", t0, "INFO", "received " + e.method() + " " + path, "mdm.app", "request-received");
            requestFields(f, requestId, e, path, tenant, 0);
            out.add(doc(base + "0", t0, f));
        }
        boolean poolWait = e.db() && uPool < eff.poolPressure();
        if (poolWait) {
            long tw = t0 + (t1 - t0) / 5;
            if (in(tw, from, to)) {
                int waiting = (int) Math.round(3 + 25 * eff.poolPressure() * uPool);
                long waitMs = Math.round(latencyMs * 0.4);
                Fields f = common(p, base + "1", tw, "WARN", "waiting for database connection: pool exhausted (active="
                    + DB_POOL_SIZE + "/" + DB_POOL_SIZE + ", waiting=" + waiting + "), waited " + waitMs + " ms", "mdm.app", "db-pool-wait");
                requestFields(f, requestId, e, path, tenant, 0);
                f.add("mdm.db.pool_wait_ms", waitMs);
                f.add("mdm.db.pool_waiting", waiting);
                out.add(doc(base + "1", tw, f));
            }
        }
        if (e.db() && mode != Effects.ErrorMode.POOL) {
            long td = t0 + (t1 - t0) * 3 / 5;
            if (in(td, from, to)) {
                long queryMs = Math.round(latencyMs * (0.2 + 0.4 * uDb));
                int rows = (int) (uDb * 40);
                Fields f = common(p, base + "2", td, "INFO", "db query ok table=" + table(s) + " rows=" + rows
                    + " took=" + queryMs + "ms", "mdm.app", "db-query");
                requestFields(f, requestId, e, path, tenant, 0);
                f.add("mdm.db.query_ms", queryMs);
                out.add(doc(base + "2", td, f));
            }
        }
        if (status >= 500) {
            long te = Math.max(t0, t1 - 1);
            if (in(te, from, to)) {
                String[] err = error(mode, s, statusPick);
                Fields f = common(p, base + "3", te, "ERROR", "request failed: " + err[1], "mdm.app", "request-failed");
                requestFields(f, requestId, e, path, tenant, 0);
                f.add("error.type", err[0]);
                f.add("error.message", err[1]);
                out.add(doc(base + "3", te, f));
            }
        }
        if (in(t1, from, to)) {
            String level = status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO";
            Fields f = common(p, base + "4", t1, level, "completed " + e.method() + " " + path + " " + status + " in "
                + (durUs / 1000) + " ms", "mdm.app", "request-completed",
                "event.duration", durUs * 1000L, "event.outcome", status >= 500 ? "failure" : "success");
            requestFields(f, requestId, e, path, tenant, status);
            out.add(doc(base + "4", t1, f));
        }
    }

    private static boolean in(long ts, long from, long to) {
        return ts >= from && ts < to;
    }

    private static void requestFields(Fields f, String requestId, Endpoint e, String path, String tenant, int status) {
        f.add("http.request.id", requestId);
        f.add("http.request.method", e.method());
        if (status != 0) {
            f.add("http.response.status_code", status);
        }
        f.add("http.route", e.path());
        f.add("url.path", path);
        f.add("tenant.id", tenant);
    }

    private static String fillPath(String template, long id) {
        int i = template.indexOf('{');
        if (i < 0) {
            return template;
        }
        int j = template.indexOf('}', i);
        return template.substring(0, i) + Rng.hex(id, 12) + template.substring(j + 1);
    }

    private static String table(ServiceSpec s) {
        return switch (s.name()) {
            case "device-gateway", "inventory", "location" -> "devices";
            case "command-queue" -> "commands";
            case "console-api" -> "devices";
            case "policy-engine" -> "policies";
            case "app-catalog" -> "apps";
            case "enrollment" -> "enrollments";
            case "auth" -> "sessions";
            case "audit-log" -> "audit_events";
            case "billing" -> "usage_records";
            case "report-batch" -> "reports";
            default -> s.name().replace('-', '_');
        };
    }

    private static int status(Effects.ErrorMode mode, int pick) {
        return switch (mode) {
            case GENERIC -> pick < 70 ? 500 : pick < 80 ? 502 : 503;
            case POOL -> pick < 60 ? 503 : 500;
            case UPSTREAM -> pick < 70 ? 502 : 504;
            case PROVIDER -> pick < 80 ? 503 : 502;
            case TIMEOUT -> 504;
            case BUG -> 500;
            case OOM -> 502;
        };
    }

    private static int clientError(int pick) {
        return pick < 30 ? 401 : pick < 40 ? 403 : pick < 85 ? 404 : pick < 95 ? 409 : 422;
    }

    private static String[] error(Effects.ErrorMode mode, ServiceSpec s, int pick) {
        return switch (mode) {
            case GENERIC -> pick < 50
                ? new String[] {"java.lang.IllegalStateException", "unexpected state while handling request"}
                : new String[] {"java.io.IOException", "connection reset by peer"};
            case POOL -> new String[] {"java.sql.SQLTransientConnectionException",
                "HikariPool-1 - Connection is not available, request timed out after 30000ms"};
            case UPSTREAM -> new String[] {"io.kizashi.mdm.UpstreamException", "upstream call failed with " + (pick < 70 ? 502 : 504)};
            case PROVIDER -> new String[] {"io.kizashi.mdm.push.ProviderUnavailableException",
                (pick % 2 == 0 ? "APNs" : "FCM") + " provider did not answer within 10 s"};
            case TIMEOUT -> new String[] {"java.util.concurrent.TimeoutException",
                s.queue() ? "command delivery timed out after 60 s" : "request timed out after 60 s"};
            case BUG -> new String[] {"java.lang.NullPointerException",
                "Cannot invoke \"Device.policy()\" because \"device\" is null"};
            case OOM -> new String[] {"io.kizashi.mdm.UpstreamException", "connection closed by pod (container restarting)"};
        };
    }

    // ------------------------------------------------------------------ runtime stats

    private void runtimeStats(ServiceSpec s, long from, long to, List<LogDocument> out) {
        long interval = cfg.runtimeStatsInterval().toMillis();
        long phase = Math.floorMod(Rng.hash("phase/" + s.name()), interval / 1000) * 1000;
        long spread = 5_000L;
        long first = Math.floorDiv(from - spread - phase, interval) + 1;
        for (long k = first; k * interval + phase < to; k++) {
            long tick = k * interval + phase;
            if (tick < platform.scenario.worldStartMs) {
                continue;
            }
            List<Platform.Pod> pods = platform.podsAt(s, tick);
            Effects eff = platform.effects(s, tick);
            double lambda = platform.rate(s, tick);
            double load = lambda / (pods.size() * platform.peakRate(s) / s.podsAtPeak());
            for (Platform.Pod pod : pods) {
                long ts = tick + Math.floorMod(pod.hash(), spread);
                SplittableRandom r = new SplittableRandom(Rng.mix(pod.hash(), tick));
                double heapNoise = r.nextDouble();
                double gcNoise = r.nextGaussian();
                double poolNoise = r.nextGaussian();
                double queueNoise = r.nextDouble();
                if (!in(ts, from, to)) {
                    continue;
                }
                double heap = Math.min(0.99, platform.heapFraction(pod, tick) + 0.06 * heapNoise);
                long heapMax = s.memoryLimitMiB() * 3L / 4 * 1024 * 1024;
                long heapUsed = (long) (heap * heapMax);
                long gcMs = Math.max(1, Math.round(4 * Math.exp(0.5 * gcNoise) * Platform.gcLatencyFactor(heap) * (1 + 4 * Math.pow(heap, 8))));
                Pod5 p = new Pod5(pod, platform.restartCount(pod, ts));
                String id = s.code() + "-rt-" + Long.toString(tick / 1000, 36) + "-" + pod.name().substring(pod.name().length() - 5);
                StringBuilder msg = new StringBuilder("runtime stats: heap ").append(heapUsed >> 20).append('/').append(heapMax >> 20)
                    .append(" MiB, gc pause ").append(gcMs).append(" ms");
                Fields f = common(p, id, ts, "INFO", "", "mdm.runtime", "runtime-stats");
                f.add("mdm.runtime.heap_used_bytes", heapUsed);
                f.add("mdm.runtime.heap_max_bytes", heapMax);
                f.add("mdm.runtime.gc_pause_ms", gcMs);
                if (s.usesDb()) {
                    double pressure = eff.poolPressure();
                    int active = (int) Math.clamp(Math.round(1 + 4 * load + 18 * pressure + poolNoise), 0, DB_POOL_SIZE);
                    int waiting = pressure > 0.2 ? (int) Math.max(0, Math.round(30 * pressure * pressure * (1 + 0.3 * poolNoise))) : 0;
                    f.add("mdm.runtime.db_pool_active", active);
                    f.add("mdm.runtime.db_pool_max", DB_POOL_SIZE);
                    f.add("mdm.runtime.db_pool_waiting", waiting);
                    msg.append(", db pool ").append(active).append('/').append(DB_POOL_SIZE).append(" active, ").append(waiting).append(" waiting");
                }
                if (s.queue()) {
                    long depth = Math.round(lambda * 2 * (0.5 + queueNoise) + eff.backlog() * (0.95 + 0.1 * queueNoise));
                    f.add("mdm.runtime.queue_depth", depth);
                    msg.append(", queue depth ").append(depth);
                }
                f.set("message", msg.toString());
                out.add(doc(id, ts, f));
            }
        }
    }

    // ------------------------------------------------------------------ kubernetes events

    private void kubernetesEvents(ServiceSpec s, long from, long to, List<LogDocument> out) {
        long lookFrom = Math.max(platform.scenario.worldStartMs + 1, from - EVENT_SPREAD_MS);
        for (long c : platform.changeInstants(s, lookFrom, to)) {
            List<Platform.Pod> before = platform.podsAt(s, c - 1);
            List<Platform.Pod> after = platform.podsAt(s, c);
            Set<String> beforeNames = new HashSet<>();
            before.forEach(p -> beforeNames.add(p.name()));
            Set<String> afterNames = new HashSet<>();
            after.forEach(p -> afterNames.add(p.name()));
            if (beforeNames.equals(afterNames)) {
                continue;
            }
            Platform.Pod any = after.getFirst();
            boolean rollout = !before.getFirst().version().equals(any.version());
            if (in(c, from, to)) {
                String id = s.code() + "-ev-" + Long.toString(c, 36) + "-" + (rollout ? "ro" : "sc");
                String msg = rollout
                    ? "Deployment " + s.name() + " rolled out version " + any.version() + " (replica set " + any.replicaSet() + ", " + after.size() + " pods)"
                    : "Scaled " + (after.size() > before.size() ? "up" : "down") + " replica set " + any.replicaSet() + " from "
                    + before.size() + " to " + after.size();
                Fields f = common(new Pod5(any, 0), id, c, "INFO", msg, "kubernetes.event", rollout ? "deployment-rollout" : "scaled", "event.reason", "ScalingReplicaSet");
                f.add("kubernetes.deployment.replicas", after.size());
                out.add(doc(id, c, f));
            }
            int j = 0;
            for (Platform.Pod p : before) {
                if (!afterNames.contains(p.name())) {
                    long ts = c + 1000L * (++j);
                    if (in(ts, from, to)) {
                        String id = s.code() + "-ev-" + Long.toString(ts, 36) + "-term-" + suffix(p);
                        Fields f = common(new Pod5(p, platform.restartCount(p, c - 1)), id, ts, "INFO",
                            "Stopping container " + s.name(), "kubernetes.event", "pod-terminated", "event.reason", "Killing");
                        out.add(doc(id, ts, f));
                    }
                }
            }
            j = 0;
            for (Platform.Pod p : after) {
                if (!beforeNames.contains(p.name())) {
                    long ts = c + 2000L + 1500L * (j++);
                    if (in(ts, from, to)) {
                        String id = s.code() + "-ev-" + Long.toString(ts, 36) + "-start-" + suffix(p);
                        Fields f = common(new Pod5(p, 0), id, ts, "INFO", "Started container " + s.name(),
                            "kubernetes.event", "pod-started", "event.reason", "Started");
                        f.add("kubernetes.container.restart_count", 0);
                        out.add(doc(id, ts, f));
                    }
                }
            }
        }
        for (Platform.Restart r : platform.restartsBetween(from, to)) {
            if (!r.service().equals(s.name())) {
                continue;
            }
            Platform.Pod pod = findPod(s, r.podName(), r.killedMs());
            if (in(r.killedMs(), from, to)) {
                boolean oom = r.cause() == IncidentKind.MEMORY_LEAK;
                String id = s.code() + "-ev-" + Long.toString(r.killedMs(), 36) + (oom ? "-oom-" : "-probe-") + suffix(pod);
                int restarts = platform.restartCount(pod, r.killedMs());
                Fields f = common(new Pod5(pod, restarts), id, r.killedMs(), "WARN", oom
                    ? "Container " + s.name() + " in pod " + pod.name() + " was OOMKilled (limit " + s.memoryLimitMiB() + "Mi)"
                    : "Liveness probe failed: HTTP probe failed with statuscode: 503; container " + s.name() + " will be restarted",
                    "kubernetes.event", oom ? "oom-killed" : "liveness-probe-failed", "event.reason", oom ? "OOMKilled" : "Unhealthy");
                f.add("kubernetes.container.restart_count", restarts);
                f.add("kubernetes.container.last_terminated_reason", oom ? "OOMKilled" : "Error");
                out.add(doc(id, r.killedMs(), f));
            }
            if (in(r.backMs(), from, to)) {
                String id = s.code() + "-ev-" + Long.toString(r.backMs(), 36) + "-restart-" + suffix(pod);
                int restarts = platform.restartCount(pod, r.backMs());
                Fields f = common(new Pod5(pod, restarts), id, r.backMs(), "WARN",
                    "Back-off restarting failed container " + s.name() + " in pod " + pod.name() + " (restart " + restarts + ")",
                    "kubernetes.event", "container-restarted", "event.reason", "BackOff");
                f.add("kubernetes.container.restart_count", restarts);
                f.add("kubernetes.container.last_terminated_reason", r.cause() == IncidentKind.MEMORY_LEAK ? "OOMKilled" : "Error");
                out.add(doc(id, r.backMs(), f));
            }
        }
    }

    private Platform.Pod findPod(ServiceSpec s, String name, long ms) {
        for (Platform.Pod p : platform.podsAt(s, ms)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalStateException("pod " + name + " not alive at " + Instant.ofEpochMilli(ms));
    }

    private static String suffix(Platform.Pod p) {
        return p.name().substring(p.name().length() - 5);
    }

    // ------------------------------------------------------------------ common fields

    /** A pod together with its current container (restart count). */
    private record Pod5(Platform.Pod pod, int restarts) {
    }

    private final Map<Pod5, PodBlock> podBlocks = new ConcurrentHashMap<>();

    /** The fields every line of one container shares, prepared once. */
    private record PodBlock(String logPath, Fields fields) {
    }

    /**
     * Starts a document's fields. Order matters: fields sharing a dotted prefix are kept adjacent so
     * the JSON can be streamed as nested objects; {@code eventExtras} are further event.* name/value pairs.
     */
    private Fields common(Pod5 p, String id, long ts, String level, String message, String dataset, String action, Object... eventExtras) {
        PodBlock block = podBlocks.computeIfAbsent(p, this::podBlock);
        Fields f = new Fields(48);
        f.add("@timestamp", ISO.format(Instant.ofEpochMilli(ts)));
        f.add("message", message);
        f.add("log.level", level);
        f.add("log.file.path", block.logPath());
        f.add("event.id", id);
        f.add("event.dataset", dataset);
        f.add("event.action", action);
        for (int i = 0; i < eventExtras.length; i += 2) {
            f.add((String) eventExtras[i], eventExtras[i + 1]);
        }
        f.addAll(block.fields());
        f.add("stream", "ERROR".equals(level) ? "stderr" : "stdout");
        f.add("data_stream.type", "logs");
        f.add("data_stream.dataset", dataset);
        f.add("data_stream.namespace", "production");
        f.add("ecs.version", ECS_VERSION);
        return f;
    }

    private PodBlock podBlock(Pod5 p) {
        Platform.Pod pod = p.pod();
        String cid = Platform.containerId(pod, p.restarts());
        Fields f = new Fields(20);
        f.add("service.name", pod.service());
        f.add("service.version", pod.version());
        f.add("service.environment", "production");
        f.add("kubernetes.namespace", cfg.namespace());
        f.add("kubernetes.pod.name", pod.name());
        f.add("kubernetes.node.name", pod.node());
        f.add("kubernetes.container.name", pod.service());
        f.add("kubernetes.deployment.name", pod.service());
        f.add("kubernetes.replicaset.name", pod.replicaSet());
        f.add("kubernetes.labels.app", pod.service());
        f.add("container.id", cid);
        f.add("container.image.name", "registry.kizashi.example/mdm/" + pod.service() + ":" + pod.version());
        f.add("host.name", pod.node());
        f.add("input.type", "container");
        f.add("agent.type", "filebeat");
        f.add("agent.version", AGENT_VERSION);
        return new PodBlock("/var/log/containers/" + pod.name() + "_" + cfg.namespace() + "_" + pod.service() + "-" + cid + ".log", f);
    }

    private LogDocument doc(String id, long ts, Fields fields) {
        return new LogDocument(id, indexFor(ts), ts, fields);
    }

    /** Exposed to the ground truth and tests: the world model behind this generator. */
    Platform platform() {
        return platform;
    }
}
