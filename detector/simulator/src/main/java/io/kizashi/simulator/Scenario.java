package io.kizashi.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's history as a pure function of the config: per local day, the random incidents and
 * routine deploys (each day drawn from its own seeded stream, so any day can be computed alone), plus
 * the scripted incidents. Memoised; safe to share between threads.
 */
final class Scenario {

    /** Nothing happens before this much ahead of the history start (pods of the baseline start here). */
    static final Duration PRE_HISTORY = Duration.ofDays(1);
    private static final long DAY_MS = 86_400_000L;

    final SimulationConfig cfg;
    final long worldStartMs;
    private final ZoneOffsetCache offsets;
    private final Map<Long, Day> days = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, Deploy>> latestUpToDay = new ConcurrentHashMap<>();

    /** One local calendar day. */
    record Day(long epochDay, long startMs, long endMs, boolean weekend, List<Incident> incidents,
               Map<String, List<Deploy>> routineDeploys) {
    }

    Scenario(SimulationConfig cfg) {
        this.cfg = cfg;
        this.offsets = new ZoneOffsetCache(cfg.zone());
        this.worldStartMs = cfg.start().minus(PRE_HISTORY).toEpochMilli();
    }

    long localEpochDay(long ms) {
        return Math.floorDiv(ms + offsets.offsetMs(ms), DAY_MS);
    }

    int localSecondOfDay(long ms) {
        return (int) Math.floorMod(Math.floorDiv(ms + offsets.offsetMs(ms), 1000L), 86_400L);
    }

    Day day(long epochDay) {
        Day d = days.get(epochDay);
        if (d == null) {
            d = days.computeIfAbsent(epochDay, this::plan);
        }
        return d;
    }

    Day dayAt(long ms) {
        return day(localEpochDay(ms));
    }

    private Day plan(long epochDay) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        long start = date.atStartOfDay(cfg.zone()).toInstant().toEpochMilli();
        long end = date.plusDays(1).atStartOfDay(cfg.zone()).toInstant().toEpochMilli();
        boolean weekend = switch (date.getDayOfWeek()) {
            case SATURDAY, SUNDAY -> true;
            default -> false;
        };
        List<Incident> incidents = new ArrayList<>();
        if (end > cfg.start().toEpochMilli()) { // random incidents only from the history start on
            incidents.addAll(randomIncidents(date, start, end, weekend));
        }
        Map<String, List<Deploy>> deploys = new HashMap<>();
        for (ServiceSpec s : cfg.services()) {
            deploys.put(s.name(), routineDeploys(s, date, start, weekend));
        }
        return new Day(epochDay, start, end, weekend, List.copyOf(incidents), Map.copyOf(deploys));
    }

    private List<Incident> randomIncidents(LocalDate date, long dayStart, long dayEnd, boolean weekend) {
        SplittableRandom r = Rng.stream(cfg.seed(), Rng.hash("incidents"), date.toEpochDay());
        int n = Rng.poisson(r, cfg.incidentsPerDay());
        List<Incident> out = new ArrayList<>();
        String ymd = date.format(DateTimeFormatter.BASIC_ISO_DATE);
        for (int k = 0; k < n; k++) {
            IncidentKind kind = IncidentKind.values()[r.nextInt(IncidentKind.values().length)];
            List<ServiceSpec> candidates = candidates(kind);
            // Draw the remaining numbers even when skipping, so one kind's absence does not shift the others.
            int pick = r.nextInt(1 << 20);
            int second;
            do {
                second = r.nextInt(86_400);
            } while (r.nextDouble() > TrafficProfile.MIXED.at(second, weekend) + 0.05);
            double up = r.nextDouble();
            double ud = r.nextDouble();
            if (candidates.isEmpty()) {
                continue;
            }
            ServiceSpec root = candidates.get(pick % candidates.size());
            long precursor = minutes(kind.minPrecursor().toMillis() + up * (kind.maxPrecursor().toMillis() - kind.minPrecursor().toMillis()));
            long duration = minutes(kind.minDuration().toMillis() + ud * (kind.maxDuration().toMillis() - kind.minDuration().toMillis()));
            long startMs = dayStart + second * 1000L / 60_000L * 60_000L;
            Instant start = Instant.ofEpochMilli(startMs);
            out.add(new Incident("inc-" + ymd + "-" + (k + 1) + "-" + kind.slug(), kind, affected(kind, root),
                start.minusMillis(precursor), start, start.plusMillis(duration), describe(kind, root)));
        }
        return out;
    }

    private static long minutes(double ms) {
        return Math.max(60_000L, Math.round(ms / 60_000.0) * 60_000L);
    }

    List<ServiceSpec> candidates(IncidentKind kind) {
        List<ServiceSpec> c = new ArrayList<>();
        for (ServiceSpec s : cfg.services()) {
            boolean ok = switch (kind) {
                case DB_POOL_SATURATION -> s.usesDb() && s.share() >= 3;
                case MEMORY_LEAK, BAD_DEPLOY -> s.share() >= 3;
                case PUSH_PROVIDER_SLOWDOWN -> s.name().equals("push-notifier");
            };
            if (ok) {
                c.add(s);
            }
        }
        return c;
    }

    /** Root first, then the services that call it (two levels for a push slowdown: backlog propagates). */
    List<String> affected(IncidentKind kind, ServiceSpec root) {
        List<String> out = new ArrayList<>();
        out.add(root.name());
        if (kind == IncidentKind.MEMORY_LEAK) {
            return out;
        }
        for (String c : root.callers()) {
            if (has(c) && !out.contains(c)) {
                out.add(c);
            }
        }
        if (kind == IncidentKind.PUSH_PROVIDER_SLOWDOWN) {
            for (String c : List.copyOf(out.subList(1, out.size()))) {
                for (String cc : cfg.service(c).callers()) {
                    if (has(cc) && !out.contains(cc)) {
                        out.add(cc);
                    }
                }
            }
        }
        return out;
    }

    private boolean has(String name) {
        return cfg.services().stream().anyMatch(s -> s.name().equals(name));
    }

    static String describe(IncidentKind kind, ServiceSpec root) {
        return switch (kind) {
            case DB_POOL_SATURATION -> "database connection pool of " + root.name()
                + " saturates: p95 latency and pool waits creep up, then 5xx bursts and liveness restarts";
            case MEMORY_LEAK -> "a leaky build of " + root.name()
                + " grows heap and GC latency per pod until containers are OOMKilled; fixed by rollback";
            case PUSH_PROVIDER_SLOWDOWN -> "APNs/FCM slow down: push latency and queue backlog grow, then command deliveries time out";
            case BAD_DEPLOY -> "a bad release of " + root.name() + " raises errors as it rolls out; fixed by rollback";
        };
    }

    private List<Deploy> routineDeploys(ServiceSpec s, LocalDate date, long dayStart, boolean weekend) {
        SplittableRandom r = Rng.stream(cfg.seed(), Rng.hash("deploy/" + s.name()), date.toEpochDay());
        double u = r.nextDouble();
        int minute = 10 * 60 + r.nextInt(8 * 60);
        double latency = Math.exp(0.06 * r.nextGaussian());
        double error = Math.exp(0.25 * r.nextGaussian());
        double notable = r.nextDouble();
        boolean faster = r.nextBoolean();
        long hash = r.nextLong();
        long at = dayStart + minute * 60_000L;
        if (weekend || u >= cfg.deployProbability() || at < worldStartMs) {
            return List.of();
        }
        if (notable < 0.15) {
            latency *= faster ? 0.8 : 1.3; // an optimisation or a regression big enough to matter
        }
        if (notable > 0.9) {
            error *= 2.5;
        }
        String version = date.format(DateTimeFormatter.ofPattern("yyyy.MM.dd")) + "-" + Rng.hex(hash, 7);
        return List.of(new Deploy(s.name(), Instant.ofEpochMilli(at), version, round3(latency), round3(error), "routine"));
    }

    private static double round3(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    /** Incidents whose precursor-to-fade-out span overlaps [fromMs, toMs), in onset order. */
    List<Incident> incidents(long fromMs, long toMs) {
        List<Incident> out = new ArrayList<>();
        // An incident spans at most 12 h + recovery, so it starts at most one local day before `from`.
        for (long d = localEpochDay(fromMs) - 1; d <= localEpochDay(toMs - 1); d++) {
            for (Incident i : day(d).incidents()) {
                if (i.overlaps(fromMs, toMs)) {
                    out.add(i);
                }
            }
        }
        for (Incident i : cfg.scriptedIncidents()) {
            if (i.overlaps(fromMs, toMs)) {
                out.add(i);
            }
        }
        out.sort(Comparator.comparing(Incident::precursorOnset).thenComparing(Incident::id));
        return out;
    }

    /** All deploys (routine and incident releases/rollbacks) of a service on a local day, in time order. */
    List<Deploy> deploys(String service, long epochDay) {
        Day day = day(epochDay);
        List<Deploy> out = new ArrayList<>(day.routineDeploys().get(service));
        for (Incident i : incidents(day.startMs(), day.endMs())) {
            if ((i.kind() == IncidentKind.MEMORY_LEAK || i.kind() == IncidentKind.BAD_DEPLOY) && i.rootService().equals(service)) {
                addIfIn(out, new Deploy(service, i.precursorOnset(), versionName(i, "rc"), 1, 1, i.id() + ":release"), day);
                addIfIn(out, new Deploy(service, i.end(), versionName(i, "rollback"), 1, 1, i.id() + ":rollback"), day);
            }
        }
        out.sort(Comparator.comparing(Deploy::at).thenComparing(Deploy::version));
        return out;
    }

    private static void addIfIn(List<Deploy> out, Deploy d, Day day) {
        long at = d.at().toEpochMilli();
        if (at >= day.startMs() && at < day.endMs()) {
            out.add(d);
        }
    }

    private String versionName(Incident i, String suffix) {
        String date = ZonedDateTime.ofInstant(i.precursorOnset(), ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
        return date + "-" + Rng.hex(Rng.hash(i.id()), 7) + "-" + suffix;
    }

    /** The deploy in force at {@code ms} (pods, version string), or the baseline from world start. */
    Deploy versionAt(String service, long ms) {
        long day = localEpochDay(ms);
        Deploy best = null;
        for (Deploy d : deploys(service, day)) {
            if (d.at().toEpochMilli() <= ms) {
                best = d;
            }
        }
        return best != null ? best : latestUpTo(service, day - 1, false);
    }

    /** Latency/error factors in force at {@code ms}: those of the last routine deploy (incident releases keep them). */
    Deploy levelsAt(String service, long ms) {
        long day = localEpochDay(ms);
        Deploy best = null;
        for (Deploy d : day(day).routineDeploys().get(service)) {
            if (d.at().toEpochMilli() <= ms) {
                best = d;
            }
        }
        return best != null ? best : latestUpTo(service, day - 1, true);
    }

    private Deploy latestUpTo(String service, long epochDay, boolean routineOnly) {
        Map<Long, Deploy> memo = latestUpToDay.computeIfAbsent(service + (routineOnly ? "/routine" : "/all"), k -> new ConcurrentHashMap<>());
        // Walk back to the last day with a deploy (iteratively: a quiet service could have none for weeks).
        List<Long> pending = new ArrayList<>();
        long d = epochDay;
        Deploy found = null;
        long firstDay = localEpochDay(worldStartMs) - 1;
        while (true) {
            Deploy m = memo.get(d);
            if (m != null) {
                found = m;
                break;
            }
            if (d < firstDay) {
                found = new Deploy(service, Instant.ofEpochMilli(worldStartMs), "baseline", 1, 1, "initial");
                memo.put(d, found);
                break;
            }
            List<Deploy> list = routineOnly ? day(d).routineDeploys().get(service) : deploys(service, d);
            if (!list.isEmpty()) {
                found = list.getLast();
                memo.put(d, found);
                break;
            }
            pending.add(d);
            d--;
        }
        for (Long p : pending) {
            memo.put(p, found);
        }
        return found;
    }

    /** Caches the zone offset per hour: zones like Asia/Tokyo never change mid-hour. */
    static final class ZoneOffsetCache {
        private final java.time.ZoneId zone;
        private final Map<Long, Long> byHour = new ConcurrentHashMap<>();

        ZoneOffsetCache(java.time.ZoneId zone) {
            this.zone = zone;
        }

        long offsetMs(long ms) {
            long hour = Math.floorDiv(ms, 3_600_000L);
            Long o = byHour.get(hour);
            if (o == null) {
                o = zone.getRules().getOffset(Instant.ofEpochMilli(hour * 3_600_000L)).getTotalSeconds() * 1000L;
                byHour.put(hour, o);
            }
            return o;
        }
    }
}
