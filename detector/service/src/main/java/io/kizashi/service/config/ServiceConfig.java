package io.kizashi.service.config;

import io.kizashi.elasticsearch.EsConnectionConfig;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the service needs to run, as read by {@link ServiceConfigLoader} from YAML and environment
 * variables. Secrets (Elasticsearch password or API key, the HTTP token, the Slack URL) are held here
 * only as values read from environment variables or files, and never printed.
 *
 * @param elasticsearch  how to reach the cluster that holds the logs and where results go
 * @param jobsDir        folder of job YAML files
 * @param rulesDir       folder of alert rule files, or null for no alerting
 * @param modelsDir      folder of precursor model bundles, or null for no precursor stage
 * @param precursor      which bundle under {@code modelsDir} scores precursors, and how often it is looked for
 * @param http           the API and console listener
 * @param indices        prefix and retention of Kizashi's own indices
 * @param kibana         Kibana base URL and logs data view (for Discover links), or null
 * @param alerting       receivers
 * @param seriesGauges   how many per-series anomaly score gauges /metrics exposes at most
 * @param clockSpeed     1 for real time; larger for an accelerated clock (demo, backtest)
 * @param clockStart     the simulated "now" at start when the clock is accelerated, or null for now
 * @param scoringThreads worker threads for scoring (0 = one per core)
 * @param tick           how often the datafeeds are asked for their next cycle (real time)
 * @param cluster        several replicas sharing the jobs ({@link io.kizashi.service.cluster}), or null for one replica
 */
public record ServiceConfig(EsConnectionConfig elasticsearch, Path jobsDir, Path rulesDir, Path modelsDir, Precursor precursor, Http http,
                            Indices indices, Kibana kibana, Alerting alerting, int seriesGauges, double clockSpeed,
                            Instant clockStart, int scoringThreads, Duration tick, Cluster cluster) {

    /**
     * Cluster membership (Hazelcast, TCP-IP join, no multicast).
     *
     * @param name           cluster name: replicas of one installation share it, others stay apart
     * @param host           address this replica binds and announces (the pod IP in Kubernetes)
     * @param port           cluster port (default 5701)
     * @param members        where to find the others ("host" or "host:port"); one reachable member is enough
     * @param failureTimeout how long a replica may be silent before it is declared dead and its jobs move
     */
    public record Cluster(String name, String host, int port, List<String> members, Duration failureTimeout) {
        public Cluster {
            members = List.copyOf(members);
        }
    }

    /**
     * The precursor stage.
     *
     * @param model          bundle name: the newest version under {@code <models_dir>/<model>/} is used
     * @param reloadInterval how often the folder is checked for a new version (also on POST /api/reload)
     */
    public record Precursor(String model, Duration reloadInterval) {
    }

    /** HTTP listener; mutating endpoints require {@code Authorization: Bearer <token>}. */
    public record Http(String host, int port, String token) {
        /** The token is a secret: not part of the text form. */
        @Override
        public String toString() {
            return "Http[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***") + "]";
        }
    }

    public record Indices(String prefix, Duration retention) {
        public String state() {
            return prefix + "state";
        }

        public String models() {
            return prefix + "models";
        }
    }

    public record Kibana(URI url, String logsDataView) {
    }

    public record Alerting(List<URI> alertmanagers, List<URI> webhooks, String slackUrl, URI consoleUrl) {
        @Override
        public String toString() {
            return "Alerting[alertmanagers=" + alertmanagers + ", webhooks=" + webhooks + ", slack=" + (slackUrl == null ? "none" : "***")
                    + ", console=" + consoleUrl + "]";
        }
    }

    public Optional<Path> rules() {
        return Optional.ofNullable(rulesDir);
    }
}
