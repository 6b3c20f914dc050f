package io.kizashi.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated world's state as pure functions of time: request intensity per service, incident
 * effects, the autoscaled pod set, container restarts and heap. Memoised; safe to share.
 */
final class Platform {

    /** The autoscaler re-evaluates every 5 minutes. */
    static final long GRID_MS = 300_000L;
    /** A killed container is back this long after it died. */
    static final long RESTART_DELAY_MS = 12_000L;
    static final long DAY_MS = 86_400_000L;

    final SimulationConfig cfg;
    final Scenario scenario;
    private final double totalShare;
    private final Map<String, Integer> serviceIndex = new HashMap<>();
    private final Map<Long, Double> dayNoise = new ConcurrentHashMap<>();
    private final Map<Long, Integer> desired = new ConcurrentHashMap<>();
    private final Map<RunKey, Long> runStarts = new ConcurrentHashMap<>();
    private final Map<PodKey, List<Pod>> pods = new ConcurrentHashMap<>();
    private final Map<Long, List<Incident>> dayIncidents = new ConcurrentHashMap<>();
    private final Map<String, List<Restart>> incidentRestarts = new ConcurrentHashMap<>();
    private final Map<String, Integer> restartsBeforeDay = new ConcurrentHashMap<>();

    /** One pod incarnation (a pod name). */
    record Pod(String service, int index, String name, String node, String replicaSet, String version, long startMs, long hash) {
    }

    /** A container death ({@code killedMs}) and its return ({@code backMs}) caused by an incident. */
    record Restart(String podName, String service, long killedMs, long backMs, IncidentKind cause, String incidentId) {
    }

    private record PodKey(int service, long grid, long versionAtMs) {
    }

    Platform(SimulationConfig cfg) {
        this.cfg = cfg;
        this.scenario = new Scenario(cfg);
        double t = 0;
        for (int i = 0; i < cfg.services().size(); i++) {
            ServiceSpec s = cfg.services().get(i);
            t += s.share();
            serviceIndex.put(s.name(), i);
        }
        this.totalShare = t;
    }

    int indexOf(ServiceSpec s) {
        return serviceIndex.get(s.name());
    }

    // ---------------------------------------------------------------- intensity

    /** Requests per second at the weekday peak, at the history start, for this service. */
    double peakRate(ServiceSpec s) {
        return cfg.peakRequestsPerSecond() * s.share() / totalShare;
    }

    double growth(long ms) {
        return Math.exp(cfg.growthPerDay() * (ms - cfg.start().toEpochMilli()) / (double) DAY_MS);
    }

    private double dayNoise(ServiceSpec s, long epochDay) {
        long key = epochDay * 1024 + indexOf(s);
        Double v = dayNoise.get(key);
        if (v == null) {
            v = Math.exp(0.04 * Rng.stream(cfg.seed(), Rng.hash("day-noise/" + s.name()), epochDay).nextGaussian());
            dayNoise.put(key, v);
        }
        return v;
    }

    /** Healthy intensity (requests/s) at {@code ms}: peak share x daily/weekly profile x growth x day-to-day noise. */
    double baseRate(ServiceSpec s, long ms) {
        Scenario.Day day = scenario.dayAt(ms);
        double shape = s.profile().at(scenario.localSecondOfDay(ms), day.weekend()) / s.profile().peak();
        return peakRate(s) * shape * growth(ms) * dayNoise(s, day.epochDay());
    }

    /** The intensity the generator uses for the second starting at {@code ms}, incidents included. */
    double rate(ServiceSpec s, long ms) {
        return baseRate(s, ms) * effects(s, ms).traffic();
    }

    // ---------------------------------------------------------------- incidents

    /** Incidents that may be in force during a local day (cached). */
    private List<Incident> incidentsOfDay(long epochDay) {
        List<Incident> l = dayIncidents.get(epochDay);
        if (l == null) {
            Scenario.Day d = scenario.day(epochDay);
            l = scenario.incidents(d.startMs(), d.endMs());
            dayIncidents.put(epochDay, l);
        }
        return l;
    }

    List<Incident> incidentsAt(long ms) {
        List<Incident> out = new ArrayList<>(2);
        for (Incident i : incidentsOfDay(scenario.localEpochDay(ms))) {
            if (i.overlaps(ms, ms + 1)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Pod-independent effects of every incident in force on this service at {@code ms}. */
    Effects effects(ServiceSpec s, long ms) {
        Effects e = Effects.NONE;
        for (Incident i : incidentsOfDay(scenario.localEpochDay(ms))) {
            if (i.overlaps(ms, ms + 1) && i.services().contains(s.name())) {
                e = e.combine(effect(i, s, ms));
            }
        }
        return e;
    }

    private static Effects effect(Incident i, ServiceSpec s, long ms) {
        long onset = i.precursorOnset().toEpochMilli();
        long start = i.start().toEpochMilli();
        long end = i.end().toEpochMilli();
        // x: precursor progress 0..1; inc: incident level (1 during, fading to 0 over the recovery).
        double x;
        double inc;
        double q = 0;
        if (ms < start) {
            x = (ms - onset) / (double) (start - onset);
            inc = 0;
        } else if (ms < end) {
            x = 1;
            inc = 1;
            q = (ms - start) / (double) (end - start);
        } else {
            double f = 1 - (ms - end) / (double) Incident.RECOVERY.toMillis();
            x = f;
            inc = f;
            q = 1;
        }
        int role = i.services().indexOf(s.name()); // 0 root, 1 direct caller, 2+ further up
        return switch (i.kind()) {
            case DB_POOL_SATURATION -> {
                double pressure = inc > 0 ? Math.max(inc, x * x) : x * x;
                double lat = 1 + 2.0 * x * x + 1.0 * inc;
                double err = 0.004 * x * x * (1 - inc) + 0.25 * inc;
                yield role == 0
                    ? new Effects(1 + 0.15 * pressure, lat, err, Effects.ErrorMode.POOL, pressure, 0)
                    : new Effects(1, 1 + 0.3 * (lat - 1), 0.4 * err, Effects.ErrorMode.UPSTREAM, 0, 0);
            }
            case MEMORY_LEAK -> new Effects(1, 1, 0.01 * inc, Effects.ErrorMode.OOM, 0, 0);
            case PUSH_PROVIDER_SLOWDOWN -> {
                double backlog = 30_000 * x + 30_000 * inc * q;
                if (inc == 0 && ms >= end) {
                    backlog = 60_000 * x;
                }
                if (role == 0) {
                    yield new Effects(1, 1 + 5 * x + 2 * inc, 0.01 * x * (1 - inc) + 0.2 * inc, Effects.ErrorMode.PROVIDER, 0, backlog);
                }
                if (role == 1) {
                    yield new Effects(1, 1 + 0.5 * x, 0.12 * inc, Effects.ErrorMode.TIMEOUT, 0, backlog);
                }
                yield new Effects(1 + 0.1 * inc, 1 + 0.2 * inc, 0.04 * inc, Effects.ErrorMode.TIMEOUT, 0, 0);
            }
            case BAD_DEPLOY -> role == 0
                ? new Effects(1, 1 + 0.25 * x, 0.12 * x, Effects.ErrorMode.BUG, 0, 0)
                : new Effects(1, 1 + 0.05 * x, 0.3 * 0.12 * x, Effects.ErrorMode.UPSTREAM, 0, 0);
        };
    }

    // ---------------------------------------------------------------- pods

    /** Replicas wanted by the autoscaler at grid point g (from the intensity at its start). */
    private int desired(ServiceSpec s, long g) {
        long key = g * 64 + indexOf(s);
        Integer d = desired.get(key);
        if (d == null) {
            double want = s.podsAtPeak() * rate(s, g * GRID_MS) / peakRate(s);
            d = Math.clamp((long) Math.ceil(want - 1e-9), s.minPods(), s.maxPods());
            desired.put(key, d);
        }
        return d;
    }

    /** Scale-down waits 10 minutes (stabilisation window), scale-up is immediate. */
    int replicas(ServiceSpec s, long g) {
        return Math.max(desired(s, g), Math.max(desired(s, g - 1), desired(s, g - 2)));
    }

    /** Start of the continuous run of replica slot i that includes grid point g (never before the version start). */
    private long runStart(ServiceSpec s, int i, long g, long versionStart) {
        if (i < s.minPods()) {
            return versionStart;
        }
        long gv = Math.floorDiv(versionStart, GRID_MS);
        long g0 = g;
        List<Long> visited = new ArrayList<>();
        long result;
        while (true) {
            Long memo = runStarts.get(new RunKey(indexOf(s), i, g0, versionStart));
            if (memo != null) {
                result = memo;
                break;
            }
            visited.add(g0);
            if (g0 <= gv) {
                result = versionStart; // the slot was filled when this version rolled out
                break;
            }
            if (replicas(s, g0 - 1) <= i) {
                result = g0 * GRID_MS; // scaled up at this grid point
                break;
            }
            g0--;
        }
        for (Long v : visited) {
            runStarts.put(new RunKey(indexOf(s), i, v, versionStart), result);
        }
        return result;
    }

    private record RunKey(int service, int slot, long grid, long versionStart) {
    }

    /** The pods serving at {@code ms}, slot order. */
    List<Pod> podsAt(ServiceSpec s, long ms) {
        Deploy v = scenario.versionAt(s.name(), ms);
        long g = Math.floorDiv(ms, GRID_MS);
        PodKey key = new PodKey(indexOf(s), g, v.at().toEpochMilli());
        List<Pod> list = pods.get(key);
        if (list == null) {
            long vStart = v.at().toEpochMilli();
            String rs = Rng.k8sSuffix(Rng.mix(cfg.seed(), Rng.hash(s.name() + "@" + v.version())), 9);
            int n = replicas(s, g);
            List<Pod> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long start = runStart(s, i, g, vStart);
                long h = Rng.mix(Rng.mix(cfg.seed(), Rng.hash(s.name() + "@" + v.version())), i, start);
                String name = s.name() + "-" + rs + "-" + Rng.k8sSuffix(h, 5);
                l.add(new Pod(s.name(), i, name, nodeName(h), s.name() + "-" + rs, v.version(), start, h));
            }
            list = List.copyOf(l);
            pods.put(key, list);
        }
        return list;
    }

    boolean alive(ServiceSpec s, String podName, long ms) {
        for (Pod p : podsAt(s, ms)) {
            if (p.name().equals(podName)) {
                return true;
            }
        }
        return false;
    }

    private String nodeName(long podHash) {
        int n = (int) Math.floorMod(Rng.mix(podHash, 17), (long) cfg.nodes());
        long h = Rng.mix(cfg.seed(), Rng.hash("node"), n);
        return "ip-10-0-" + (Math.floorMod(h, 64L) + 16) + "-" + (Math.floorMod(h >>> 8, 250L) + 4) + ".ap-northeast-1.compute.internal";
    }

    /** Moments in [fromMs, toMs) when the pod set may change: grid points and deploys. */
    List<Long> changeInstants(ServiceSpec s, long fromMs, long toMs) {
        Set<Long> set = new HashSet<>();
        for (long g = Math.floorDiv(fromMs - 1, GRID_MS) + 1; g * GRID_MS < toMs; g++) {
            set.add(g * GRID_MS);
        }
        for (long d = scenario.localEpochDay(fromMs); d <= scenario.localEpochDay(toMs - 1); d++) {
            for (Deploy dep : scenario.deploys(s.name(), d)) {
                long at = dep.at().toEpochMilli();
                if (at >= fromMs && at < toMs) {
                    set.add(at);
                }
            }
        }
        List<Long> out = new ArrayList<>(set);
        out.sort(null);
        return out;
    }

    // ---------------------------------------------------------------- restarts and heap

    /** Every container restart an incident causes (memoised per incident). */
    List<Restart> restarts(Incident i) {
        List<Restart> r = incidentRestarts.get(i.id());
        if (r == null) {
            r = computeRestarts(i);
            incidentRestarts.put(i.id(), r);
        }
        return r;
    }

    private List<Restart> computeRestarts(Incident i) {
        if (i.kind() != IncidentKind.DB_POOL_SATURATION && i.kind() != IncidentKind.MEMORY_LEAK) {
            return List.of();
        }
        ServiceSpec s = cfg.service(i.rootService());
        long onset = i.precursorOnset().toEpochMilli();
        long start = i.start().toEpochMilli();
        long end = i.end().toEpochMilli();
        List<Restart> out = new ArrayList<>();
        if (i.kind() == IncidentKind.DB_POOL_SATURATION) {
            for (Pod p : podsAt(s, start)) {
                long h = Rng.mix(Rng.hash(i.id()), p.hash());
                if (Rng.unit(h) < 0.5) {
                    long killed = start + (long) ((0.1 + 0.8 * Rng.unit(h + 1)) * (end - start)) / 1000 * 1000;
                    if (alive(s, p.name(), killed)) {
                        out.add(new Restart(p.name(), s.name(), killed, killed + RESTART_DELAY_MS, i.kind(), i.id()));
                    }
                }
            }
        } else {
            Map<String, Pod> seen = new java.util.LinkedHashMap<>();
            for (Pod p : podsAt(s, onset)) {
                seen.putIfAbsent(p.name(), p);
            }
            for (long c : changeInstants(s, onset, end)) {
                for (Pod p : podsAt(s, c)) {
                    seen.putIfAbsent(p.name(), p);
                }
            }
            for (Pod p : seen.values()) {
                long period = leakPeriod(i, p);
                long c0 = Math.max(onset, p.startMs());
                for (long killed = c0 + period; killed < end; killed += period + RESTART_DELAY_MS) {
                    if (alive(s, p.name(), killed)) {
                        out.add(new Restart(p.name(), s.name(), killed, killed + RESTART_DELAY_MS, i.kind(), i.id()));
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Restart::killedMs).thenComparing(Restart::podName));
        return List.copyOf(out);
    }

    /** Time for a leaking container to reach its limit: the precursor length, stretched 0-30 % per pod. */
    private static long leakPeriod(Incident i, Pod p) {
        long d = i.start().toEpochMilli() - i.precursorOnset().toEpochMilli();
        return d + (long) (0.3 * d * Rng.unit(Rng.mix(Rng.hash(i.id()), p.hash())) / 1000) * 1000;
    }

    /** Heap use as a fraction of the heap limit (healthy ~0.3-0.45; a leak drives it to ~0.97 before OOM). */
    double heapFraction(Pod p, long ms) {
        double base = 0.30 + 0.15 * Rng.unit(p.hash() + 5);
        for (Incident i : incidentsOfDay(scenario.localEpochDay(ms))) {
            if (i.kind() != IncidentKind.MEMORY_LEAK || !i.rootService().equals(p.service())) {
                continue;
            }
            long onset = i.precursorOnset().toEpochMilli();
            long end = i.end().toEpochMilli();
            if (ms < onset || ms >= end) {
                continue;
            }
            long c0 = Math.max(onset, p.startMs());
            if (ms < c0) {
                continue;
            }
            long period = leakPeriod(i, p);
            long e = (ms - c0) % (period + RESTART_DELAY_MS);
            return base + (0.97 - base) * Math.min(1.0, e / (double) period);
        }
        return base;
    }

    /** GC pressure: negligible until the heap is nearly full, then steep. */
    static double gcLatencyFactor(double heap) {
        return 1 + 3 * Math.pow(heap, 6);
    }

    /** Container restarts of this pod completed at or before {@code ms}. */
    int restartCount(Pod p, long ms) {
        long day = scenario.localEpochDay(ms);
        int n = restartsBeforeDay(p, day);
        for (Incident i : incidentsOfDay(day)) {
            n += countBack(i, p, scenario.day(day).startMs(), ms + 1);
        }
        return n;
    }

    private int restartsBeforeDay(Pod p, long epochDay) {
        long firstDay = scenario.localEpochDay(p.startMs());
        if (epochDay <= firstDay) {
            return 0;
        }
        String key = p.name() + "#" + p.startMs() + "@" + epochDay;
        Integer memo = restartsBeforeDay.get(key);
        if (memo != null) {
            return memo;
        }
        int n = restartsBeforeDay(p, epochDay - 1);
        Scenario.Day prev = scenario.day(epochDay - 1);
        for (Incident i : incidentsOfDay(epochDay - 1)) {
            n += countBack(i, p, prev.startMs(), prev.endMs());
        }
        restartsBeforeDay.put(key, n);
        return n;
    }

    /** Restarts of p by incident i whose container came back in [fromMs, toMs). */
    private int countBack(Incident i, Pod p, long fromMs, long toMs) {
        if (!i.rootService().equals(p.service())) {
            return 0;
        }
        int n = 0;
        for (Restart r : restarts(i)) {
            if (r.podName().equals(p.name()) && r.backMs() >= fromMs && r.backMs() < toMs && r.backMs() >= p.startMs()) {
                n++;
            }
        }
        return n;
    }

    /** Restarts whose death or return falls in [fromMs, toMs) for any service. */
    List<Restart> restartsBetween(long fromMs, long toMs) {
        List<Restart> out = new ArrayList<>();
        for (Incident i : scenario.incidents(fromMs - Incident.RECOVERY.toMillis(), toMs)) {
            for (Restart r : restarts(i)) {
                if ((r.killedMs() >= fromMs && r.killedMs() < toMs) || (r.backMs() >= fromMs && r.backMs() < toMs)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    static String containerId(Pod p, int restarts) {
        return Rng.hex(Rng.mix(p.hash(), 1000 + restarts), 64);
    }

}
