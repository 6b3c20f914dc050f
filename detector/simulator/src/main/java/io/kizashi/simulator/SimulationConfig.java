package io.kizashi.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the generated logs depend on. Two generators with equal configs produce byte-identical
 * documents for any interval.
 *
 * @param seed                   root of every random stream
 * @param start                  history start: the reference for growth (volume at {@code start} is {@code peakRequestsPerSecond})
 * @param peakRequestsPerSecond  platform-wide requests per second at the weekday peak, at {@code start}
 * @param growthPerDay           exponential traffic growth per day (0.003 = +0.3 %/day)
 * @param zone                   the users' time zone: business hours and weekends follow its calendar
 * @param indexPrefix            daily indices are {@code <prefix>YYYY.MM.DD} (UTC date, like Filebeat)
 * @param namespace              kubernetes.namespace of every pod
 * @param services               the platform's services
 * @param tenants                number of customer tenants (request shares follow a Zipf law)
 * @param incidentsPerDay        mean number of random incidents per local day (0 = only scripted ones)
 * @param deployProbability      chance that a service deploys on a given weekday (in business hours)
 * @param scriptedIncidents      incidents placed by hand (e.g. by a demo), in addition to random ones
 * @param runtimeStatsInterval   each pod logs one runtime-stats line (heap, pool, queue) per interval
 * @param nodes                  Kubernetes worker nodes the pods are spread over
 */
public record SimulationConfig(long seed, Instant start, double peakRequestsPerSecond, double growthPerDay, ZoneId zone,
                               String indexPrefix, String namespace, List<ServiceSpec> services, int tenants,
                               double incidentsPerDay, double deployProbability, List<Incident> scriptedIncidents,
                               Duration runtimeStatsInterval, int nodes) {

    public static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /**
     * Peak platform-wide requests/s for the demo: about 165k documents per weekday and 105k per weekend
     * day (~55k requests/weekday, ~3 documents per request incl. runtime stats and events), so two days
     * of history backfill in about a minute on a 2-core machine.
     */
    public static final double DEMO_PEAK_REQUESTS_PER_SECOND = 1.0;

    public SimulationConfig {
        Objects.requireNonNull(start, "start");
        if (!(peakRequestsPerSecond > 0) || peakRequestsPerSecond > 100_000) {
            throw new IllegalArgumentException("peakRequestsPerSecond must be in (0, 100000], got " + peakRequestsPerSecond);
        }
        if (!(growthPerDay > -0.05 && growthPerDay < 0.05)) {
            throw new IllegalArgumentException("growthPerDay must be in (-0.05, 0.05) (e.g. 0.003 for +0.3 %/day), got " + growthPerDay);
        }
        Objects.requireNonNull(zone, "zone");
        if (indexPrefix == null || !indexPrefix.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("indexPrefix must be a lower-case index name prefix like 'logs-mdm-', got " + indexPrefix);
        }
        if (namespace == null || !namespace.matches("[a-z0-9-]{1,63}")) {
            throw new IllegalArgumentException("namespace must be a DNS label, got " + namespace);
        }
        services = List.copyOf(services);
        if (services.isEmpty()) {
            throw new IllegalArgumentException("services is empty: use MdmCatalog.services() or give at least one");
        }
        Set<String> names = new HashSet<>();
        Set<String> codes = new HashSet<>();
        for (ServiceSpec s : services) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("service name '" + s.name() + "' appears twice");
            }
            if (!codes.add(s.code())) {
                throw new IllegalArgumentException("service code '" + s.code() + "' of " + s.name() + " is not unique (ids would collide)");
            }
        }
        if (tenants < 1) {
            throw new IllegalArgumentException("tenants must be >= 1, got " + tenants);
        }
        if (!(incidentsPerDay >= 0) || incidentsPerDay > 20) {
            throw new IllegalArgumentException("incidentsPerDay must be in [0, 20], got " + incidentsPerDay);
        }
        if (!(deployProbability >= 0) || deployProbability > 1) {
            throw new IllegalArgumentException("deployProbability must be in [0, 1], got " + deployProbability);
        }
        scriptedIncidents = List.copyOf(scriptedIncidents);
        for (Incident i : scriptedIncidents) {
            for (String s : i.services()) {
                if (!names.contains(s)) {
                    throw new IllegalArgumentException("scripted incident " + i.id() + " names unknown service '" + s + "'");
                }
            }
        }
        Objects.requireNonNull(runtimeStatsInterval, "runtimeStatsInterval");
        if (runtimeStatsInterval.toSeconds() < 10 || runtimeStatsInterval.toSeconds() > 3600 || runtimeStatsInterval.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("runtimeStatsInterval must be whole seconds in [10 s, 1 h], got " + runtimeStatsInterval);
        }
        if (nodes < 1 || nodes > 1000) {
            throw new IllegalArgumentException("nodes must be in 1..1000, got " + nodes);
        }
    }

    /**
     * The default MDM platform: 16 services, Asia/Tokyo, 4 peak requests/s platform-wide, +0.3 %/day,
     * one random incident per day on average, runtime stats every 2 minutes.
     */
    public static SimulationConfig defaults(long seed, Instant start) {
        return new SimulationConfig(seed, start, 4.0, 0.003, TOKYO, "logs-mdm-", "mdm-prod", MdmCatalog.services(), 400,
            1.0, 0.3, List.of(), Duration.ofMinutes(2), 6);
    }

    public SimulationConfig withPeakRequestsPerSecond(double rps) {
        return new SimulationConfig(seed, start, rps, growthPerDay, zone, indexPrefix, namespace, services, tenants,
            incidentsPerDay, deployProbability, scriptedIncidents, runtimeStatsInterval, nodes);
    }

    public SimulationConfig withIncidentsPerDay(double perDay) {
        return new SimulationConfig(seed, start, peakRequestsPerSecond, growthPerDay, zone, indexPrefix, namespace, services,
            tenants, perDay, deployProbability, scriptedIncidents, runtimeStatsInterval, nodes);
    }

    public SimulationConfig withScriptedIncidents(List<Incident> incidents) {
        return new SimulationConfig(seed, start, peakRequestsPerSecond, growthPerDay, zone, indexPrefix, namespace, services,
            tenants, incidentsPerDay, deployProbability, incidents, runtimeStatsInterval, nodes);
    }

    public SimulationConfig withServices(List<ServiceSpec> list) {
        return new SimulationConfig(seed, start, peakRequestsPerSecond, growthPerDay, zone, indexPrefix, namespace, list,
            tenants, incidentsPerDay, deployProbability, scriptedIncidents, runtimeStatsInterval, nodes);
    }

    public SimulationConfig withDeployProbability(double p) {
        return new SimulationConfig(seed, start, peakRequestsPerSecond, growthPerDay, zone, indexPrefix, namespace, services,
            tenants, incidentsPerDay, p, scriptedIncidents, runtimeStatsInterval, nodes);
    }

    public SimulationConfig withGrowthPerDay(double g) {
        return new SimulationConfig(seed, start, peakRequestsPerSecond, g, zone, indexPrefix, namespace, services,
            tenants, incidentsPerDay, deployProbability, scriptedIncidents, runtimeStatsInterval, nodes);
    }

    public SimulationConfig withRuntimeStatsInterval(Duration d) {
        return new SimulationConfig(seed, start, peakRequestsPerSecond, growthPerDay, zone, indexPrefix, namespace, services,
            tenants, incidentsPerDay, deployProbability, scriptedIncidents, d, nodes);
    }

    /**
     * A scripted incident on this platform whose affected services (root first, then its callers) are
     * derived the same way as for random ones. Add it with {@link #withIncident}.
     */
    public Incident incident(String id, IncidentKind kind, String rootService, Instant precursorOnset, Instant start, Instant end) {
        ServiceSpec root = service(rootService);
        Scenario scenario = new Scenario(this);
        if (!scenario.candidates(kind).contains(root)) {
            throw new IllegalArgumentException(kind.slug() + " cannot hit " + rootService + ": choose one of "
                + scenario.candidates(kind).stream().map(ServiceSpec::name).toList());
        }
        return new Incident(id, kind, scenario.affected(kind, root), precursorOnset, start, end, Scenario.describe(kind, root));
    }

    /** This config plus one more scripted incident. */
    public SimulationConfig withIncident(Incident incident) {
        List<Incident> all = new java.util.ArrayList<>(scriptedIncidents);
        all.add(incident);
        return withScriptedIncidents(all);
    }

    public ServiceSpec service(String name) {
        for (ServiceSpec s : services) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "'");
    }
}
