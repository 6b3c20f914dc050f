package io.kizashi.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the generator intended, for judging detectors and checking the generator itself: the
 * incidents (with precursor onsets), every deploy (level changes), container restarts, and the exact
 * request intensity it drew from per service and minute.
 */
public final class GroundTruth {

    /**
     * The generator's intent for one service and one minute.
     *
     * @param service          service name
     * @param minute           start of the minute
     * @param requests         expected requests started in the minute (the Poisson mean: sum of the per-second intensity)
     * @param serverErrorRatio expected share of requests answered with a 5xx (before 60 s timeouts, which are rare)
     * @param latencyFactor    request-weighted latency multiplier vs the healthy baseline (deploy levels x load x incidents;
     *                         the per-pod memory-leak effect excluded)
     * @param pods             pods serving at the start of the minute
     */
    public record ExpectedMinute(String service, Instant minute, double requests, double serverErrorRatio, double latencyFactor, int pods) {
    }

    /** One container restart caused by an incident. */
    public record ContainerRestart(String service, String pod, Instant killed, Instant back, IncidentKind cause, String incidentId) {
    }

    private final Platform platform;

    GroundTruth(Platform platform) {
        this.platform = platform;
    }

    /** Incidents whose precursor-to-recovery span overlaps [from, to), by precursor onset. */
    public List<Incident> incidents(Instant from, Instant to) {
        return platform.scenario.incidents(from.toEpochMilli(), to.toEpochMilli());
    }

    /** Deploys of every service with {@code from <= at < to}, in time order. */
    public List<Deploy> deploys(Instant from, Instant to) {
        List<Deploy> out = new ArrayList<>();
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        for (ServiceSpec s : platform.cfg.services()) {
            for (long d = platform.scenario.localEpochDay(f); d <= platform.scenario.localEpochDay(t - 1); d++) {
                for (Deploy dep : platform.scenario.deploys(s.name(), d)) {
                    long at = dep.at().toEpochMilli();
                    if (at >= f && at < t) {
                        Deploy levels = platform.scenario.levelsAt(s.name(), at);
                        out.add(new Deploy(dep.service(), dep.at(), dep.version(), levels.latencyFactor(), levels.errorFactor(), dep.reason()));
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Deploy::at).thenComparing(Deploy::service));
        return out;
    }

    /** Container restarts (OOMKilled, failed liveness probes) whose death falls in [from, to). */
    public List<ContainerRestart> restarts(Instant from, Instant to) {
        List<ContainerRestart> out = new ArrayList<>();
        for (Platform.Restart r : platform.restartsBetween(from.toEpochMilli(), to.toEpochMilli())) {
            if (r.killedMs() >= from.toEpochMilli() && r.killedMs() < to.toEpochMilli()) {
                out.add(new ContainerRestart(r.service(), r.podName(), Instant.ofEpochMilli(r.killedMs()),
                    Instant.ofEpochMilli(r.backMs()), r.cause(), r.incidentId()));
            }
        }
        out.sort(Comparator.comparing(ContainerRestart::killed).thenComparing(ContainerRestart::pod));
        return out;
    }

    /** Expected requests started in [from, to) (whole seconds): the sum of the intensity the generator used. */
    public double expectedRequests(String service, Instant from, Instant to) {
        ServiceSpec s = platform.cfg.service(service);
        double sum = 0;
        for (long ms = ceilSecond(from.toEpochMilli()); ms < to.toEpochMilli(); ms += 1000) {
            sum += platform.rate(s, ms);
        }
        return sum;
    }

    /** Expected 5xx count among requests started in [from, to). */
    public double expectedServerErrors(String service, Instant from, Instant to) {
        ServiceSpec s = platform.cfg.service(service);
        double sum = 0;
        for (long ms = ceilSecond(from.toEpochMilli()); ms < to.toEpochMilli(); ms += 1000) {
            sum += platform.rate(s, ms) * errorProb(s, ms);
        }
        return sum;
    }

    public ExpectedMinute expected(String service, Instant minute) {
        ServiceSpec s = platform.cfg.service(service);
        long m = Math.floorDiv(minute.toEpochMilli(), 60_000L) * 60_000L;
        double req = 0;
        double err = 0;
        double lat = 0;
        for (long ms = m; ms < m + 60_000L; ms += 1000) {
            double lambda = platform.rate(s, ms);
            req += lambda;
            err += lambda * errorProb(s, ms);
            lat += lambda * latencyFactor(s, ms, lambda);
        }
        return new ExpectedMinute(service, Instant.ofEpochMilli(m), req, req > 0 ? err / req : 0, req > 0 ? lat / req : 1,
            platform.podsAt(s, m).size());
    }

    /** Per-minute expectations over [from, to). */
    public List<ExpectedMinute> expected(String service, Instant from, Instant to) {
        List<ExpectedMinute> out = new ArrayList<>();
        for (Instant m = Instant.ofEpochMilli(Math.floorDiv(from.toEpochMilli(), 60_000L) * 60_000L); m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
            out.add(expected(service, m));
        }
        return out;
    }

    /** Pods serving a service at a moment, by name. */
    public List<String> pods(String service, Instant at) {
        return platform.podsAt(platform.cfg.service(service), at.toEpochMilli()).stream().map(Platform.Pod::name).toList();
    }

    /** Service names of the configured platform. */
    public List<String> services() {
        return platform.cfg.services().stream().map(ServiceSpec::name).toList();
    }

    private double errorProb(ServiceSpec s, long ms) {
        Deploy levels = platform.scenario.levelsAt(s.name(), ms);
        return Math.min(1, s.baseErrorRate() * levels.errorFactor() + platform.effects(s, ms).errorProb());
    }

    private double latencyFactor(ServiceSpec s, long ms, double lambda) {
        Deploy levels = platform.scenario.levelsAt(s.name(), ms);
        int pods = platform.podsAt(s, ms).size();
        double load = Math.min(1.5, lambda / (pods * platform.peakRate(s) / s.podsAtPeak()));
        return levels.latencyFactor() * (1 + 0.25 * load * load) * platform.effects(s, ms).latency();
    }

    private static long ceilSecond(long ms) {
        return Math.floorDiv(ms + 999, 1000L) * 1000L;
    }
}
