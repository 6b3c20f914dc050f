package io.kizashi.service.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.config.ConfigError;
import io.kizashi.datafeed.job.Durations;
import io.kizashi.config.YamlTree;
import io.kizashi.elasticsearch.EsConnectionConfig;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the service configuration: a YAML file (optional), then environment variables that override
 * any value ({@code KIZASHI_<SECTION>_<KEY>}, e.g. {@code KIZASHI_HTTP_PORT=9090},
 * {@code KIZASHI_ELASTICSEARCH_URLS=https://a:9200,https://b:9200}), then secrets from environment
 * variables or files ({@code KIZASHI_ES_PASSWORD}, {@code KIZASHI_ES_API_KEY}, {@code KIZASHI_HTTP_TOKEN},
 * {@code KIZASHI_SLACK_URL}, or the {@code *_file} settings). Unknown keys are errors; every problem is
 * collected and reported at once.
 */
public final class ServiceConfigLoader {

    /** The keys each section accepts (null section = top level). */
    private static final Map<String, Set<String>> KEYS = Map.ofEntries(
            Map.entry("", Set.of("elasticsearch", "jobs_dir", "rules_dir", "models_dir", "http", "indices", "kibana", "alerting", "metrics",
                    "clock", "scoring", "tick", "cluster", "precursor")),
            Map.entry("elasticsearch", Set.of("urls", "username", "password_file", "api_key_file", "ca_file", "connect_timeout", "request_timeout")),
            Map.entry("http", Set.of("host", "port", "token_file")),
            Map.entry("indices", Set.of("prefix", "retention")),
            Map.entry("kibana", Set.of("url", "logs_data_view")),
            Map.entry("alerting", Set.of("alertmanager_urls", "webhook_urls", "slack_url_file", "console_url")),
            Map.entry("metrics", Set.of("series_gauges")),
            Map.entry("clock", Set.of("speed", "start")),
            Map.entry("scoring", Set.of("threads")),
            Map.entry("precursor", Set.of("model", "reload_interval")),
            Map.entry("cluster", Set.of("enabled", "name", "host", "port", "members", "failure_timeout")));

    private final Function<String, String> env;
    private final Path base;
    private List<ConfigError> errors;
    private String file;
    private YamlTree tree;

    /**
     * @param env  environment lookup (System::getenv in production, a map in tests)
     * @param base folder that relative paths are resolved against
     */
    public ServiceConfigLoader(Function<String, String> env, Path base) {
        this.env = env;
        this.base = base;
    }

    /** Loads and validates; throws {@link ServiceConfigException} listing every problem. */
    public ServiceConfig load(Path yaml) {
        errors = new ArrayList<>();
        file = yaml == null ? "(defaults)" : yaml.toString();
        JsonNode root = JsonNodeFactory.instance.objectNode();
        tree = new YamlTree(file, errors, "give at least elasticsearch.urls and jobs_dir (or use environment variables)", "put the whole configuration in one document");
        if (yaml != null) {
            try {
                JsonNode read = tree.read(Files.readString(yaml, StandardCharsets.UTF_8));
                if (read != null && !read.isObject()) {
                    error("", read.toString(), "the configuration must be a mapping of sections (elasticsearch, http, ...)");
                } else if (read != null) {
                    root = read;
                }
            } catch (IOException e) {
                error("", null, "cannot read " + yaml + ": " + e.getMessage() + "; check the path and permissions");
            }
        }
        ObjectNode merged = (ObjectNode) root;
        checkKeys(merged);
        applyEnvironment(merged);
        ServiceConfig cfg = map(merged);
        if (!errors.isEmpty()) {
            throw new ServiceConfigException(errors);
        }
        return cfg;
    }

    private void checkKeys(ObjectNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.get("").contains(k)) {
                error(k, k, "unknown setting; known: " + new TreeSet<>(KEYS.get("")));
            } else if (KEYS.containsKey(k)) {
                JsonNode section = root.get(k);
                if (!section.isObject()) {
                    error(k, section.toString(), "must be a mapping with " + new TreeSet<>(KEYS.get(k)));
                    continue;
                }
                for (Iterator<String> s = section.fieldNames(); s.hasNext(); ) {
                    String key = s.next();
                    if (!KEYS.get(k).contains(key)) {
                        error(k + "." + key, key, "unknown setting; known in " + k + ": " + new TreeSet<>(KEYS.get(k)));
                    }
                }
            }
        }
    }

    /** KIZASHI_HTTP_PORT overrides http.port, KIZASHI_JOBS_DIR overrides jobs_dir, and so on. */
    private void applyEnvironment(ObjectNode root) {
        for (Map.Entry<String, Set<String>> e : KEYS.entrySet()) {
            for (String key : e.getValue()) {
                if (e.getKey().isEmpty() && KEYS.containsKey(key)) {
                    continue;
                }
                String var = "KIZASHI_" + (e.getKey().isEmpty() ? "" : e.getKey().toUpperCase(Locale.ROOT) + "_") + key.toUpperCase(Locale.ROOT);
                String v = env.apply(var);
                if (v == null) {
                    continue;
                }
                ObjectNode section = e.getKey().isEmpty() ? root : root.has(e.getKey()) && root.get(e.getKey()).isObject()
                        ? (ObjectNode) root.get(e.getKey()) : root.putObject(e.getKey());
                if (key.endsWith("urls") || key.equals("members")) {
                    var arr = section.putArray(key);
                    for (String part : v.split(",")) {
                        if (!part.isBlank()) {
                            arr.add(part.trim());
                        }
                    }
                } else {
                    section.put(key, v);
                }
            }
        }
    }

    private ServiceConfig map(ObjectNode r) {
        JsonNode es = r.path("elasticsearch");
        List<String> urls = strings(es, "elasticsearch.urls", List.of("http://127.0.0.1:9200"));
        EsConnectionConfig conn = null;
        try {
            conn = EsConnectionConfig.of(urls.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            error("elasticsearch.urls", urls.toString(), e.getMessage());
        }
        String user = text(es, "username", null);
        String password = secret("KIZASHI_ES_PASSWORD", es, "password_file", "elasticsearch.password_file");
        String apiKey = secret("KIZASHI_ES_API_KEY", es, "api_key_file", "elasticsearch.api_key_file");
        if (conn != null) {
            if (user != null && password == null) {
                error("elasticsearch.username", user, "a username needs a password: set KIZASHI_ES_PASSWORD or elasticsearch.password_file");
            } else if (user != null) {
                conn = conn.withBasicAuth(user, password);
            }
            if (apiKey != null) {
                if (user != null) {
                    error("elasticsearch.api_key_file", "(secret)", "use either basic auth or an API key, not both");
                } else {
                    conn = conn.withApiKey(apiKey);
                }
            }
            String ca = text(es, "ca_file", null);
            if (ca != null) {
                Path p = resolve(ca);
                if (!Files.isReadable(p)) {
                    error("elasticsearch.ca_file", ca, "no readable CA certificate there; give the PEM file of the cluster's CA");
                } else {
                    conn = conn.withCaCertificate(p);
                }
            }
            conn = conn.withTimeouts(duration(es, "connect_timeout", "elasticsearch.connect_timeout", Duration.ofSeconds(5)),
                    duration(es, "request_timeout", "elasticsearch.request_timeout", Duration.ofSeconds(60)));
        }
        Path jobs = folder(r, "jobs_dir", "jobs_dir", "deploy/config/jobs", true);
        Path rules = folder(r, "rules_dir", "rules_dir", null, false);
        Path models = folder(r, "models_dir", "models_dir", null, false);
        JsonNode pre = r.path("precursor");
        String bundle = text(pre, "model", "mdm-precursor");
        if (!bundle.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            error("precursor.model", bundle, "a bundle name is a folder name under models_dir, e.g. mdm-precursor");
        } else if (models != null && !Files.isDirectory(models.resolve(bundle))) {
            error("precursor.model", bundle, "no folder " + models.resolve(bundle) + "; train one (kizashi train --name " + bundle
                    + ") or name one of the bundles in " + models);
        }
        ServiceConfig.Precursor precursor = new ServiceConfig.Precursor(bundle,
                duration(pre, "reload_interval", "precursor.reload_interval", Duration.ofMinutes(1)));

        JsonNode http = r.path("http");
        String host = text(http, "host", "127.0.0.1");
        int port = integer(http, "port", "http.port", 8080, 0, 65535);
        String token = secret("KIZASHI_HTTP_TOKEN", http, "token_file", "http.token_file");

        JsonNode idx = r.path("indices");
        String prefix = text(idx, "prefix", "kizashi-");
        if (!prefix.matches("[a-z0-9][a-z0-9._-]*")) {
            error("indices.prefix", prefix, "index names are lower case: letters, digits, '.', '_', '-' (e.g. kizashi-)");
        }
        Duration retention = duration(idx, "retention", "indices.retention", Duration.ofDays(18));

        JsonNode kib = r.path("kibana");
        ServiceConfig.Kibana kibana = null;
        String kurl = text(kib, "url", null);
        if (kurl != null) {
            kibana = new ServiceConfig.Kibana(uri(kurl, "kibana.url"), text(kib, "logs_data_view", "kizashi-logs"));
        }

        JsonNode al = r.path("alerting");
        List<URI> ams = strings(al, "alerting.alertmanager_urls", List.of()).stream().map(u -> uri(u, "alerting.alertmanager_urls")).toList();
        List<URI> hooks = strings(al, "alerting.webhook_urls", List.of()).stream().map(u -> uri(u, "alerting.webhook_urls")).toList();
        String slack = secret("KIZASHI_SLACK_URL", al, "slack_url_file", "alerting.slack_url_file");
        String console = text(al, "console_url", null);
        ServiceConfig.Alerting alerting = new ServiceConfig.Alerting(ams, hooks, slack, console == null ? null : uri(console, "alerting.console_url"));

        int gauges = integer(r.path("metrics"), "series_gauges", "metrics.series_gauges", 200, 0, 100_000);
        JsonNode clock = r.path("clock");
        double speed = number(clock, "speed", "clock.speed", 1.0, 0.001, 1_000_000);
        Instant start = null;
        String s = text(clock, "start", null);
        if (s != null) {
            try {
                start = Instant.parse(s);
            } catch (DateTimeParseException e) {
                error("clock.start", s, "not an ISO-8601 instant; write e.g. 2026-11-24T00:00:00Z");
            }
        }
        int threads = integer(r.path("scoring"), "threads", "scoring.threads", 0, 0, 256);
        Duration tick = duration(r, "tick", "tick", Duration.ofSeconds(1));
        ServiceConfig.Cluster cluster = io.kizashi.service.cluster.ClusterSettings.read(r.path("cluster"),
                (path, value, message) -> error(path, value, message));
        return new ServiceConfig(conn, jobs, rules, models, precursor, new ServiceConfig.Http(host, port, token),
                new ServiceConfig.Indices(prefix, retention), kibana, alerting, gauges, speed, start, threads, tick, cluster);
    }

    // ------------------------------------------------------------------ helpers

    private String text(JsonNode n, String key, String def) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? def : v.asText();
    }

    private List<String> strings(JsonNode n, String path, List<String> def) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            error(path, v.toString(), "must be a list of URLs");
            return def;
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    private int integer(JsonNode n, String key, String path, int def, int min, int max) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        try {
            long x = v.isNumber() ? v.asLong() : Long.parseLong(v.asText().trim());
            if (x < min || x > max || (v.isNumber() && !v.canConvertToExactIntegral())) {
                error(path, v.asText(), "must be a whole number between " + min + " and " + max);
                return def;
            }
            return (int) x;
        } catch (NumberFormatException e) {
            error(path, v.asText(), "must be a whole number between " + min + " and " + max);
            return def;
        }
    }

    private double number(JsonNode n, String key, String path, double def, double min, double max) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        try {
            double x = v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().trim());
            if (!(x >= min && x <= max)) {
                error(path, v.asText(), "must be a number between " + min + " and " + max);
                return def;
            }
            return x;
        } catch (NumberFormatException e) {
            error(path, v.asText(), "must be a number between " + min + " and " + max);
            return def;
        }
    }

    private Duration duration(JsonNode n, String key, String path, Duration def) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        return Durations.parse(v.asText()).filter(d -> !d.isNegative() && !d.isZero()).orElseGet(() -> {
            error(path, v.asText(), "not a positive duration; write e.g. 30s, 5m, 1h or 18d");
            return def;
        });
    }

    private Path folder(JsonNode n, String key, String path, String def, boolean required) {
        String v = text(n, key, def);
        if (v == null) {
            return null;
        }
        Path p = resolve(v);
        if (!Files.isDirectory(p)) {
            if (required || n.has(key)) {
                error(path, v, "no such folder (resolved to " + p + "); create it or point " + path + " elsewhere");
            }
            return required ? p : null;
        }
        return p;
    }

    private String secret(String envVar, JsonNode n, String key, String path) {
        String v = env.apply(envVar);
        if (v != null && !v.isEmpty()) {
            return v;
        }
        String f = text(n, key, null);
        if (f == null) {
            return null;
        }
        try {
            return Files.readString(resolve(f)).strip();
        } catch (IOException e) {
            error(path, f, "cannot read the secret file (" + e.getClass().getSimpleName() + "); mount it or set " + envVar);
            return null;
        }
    }

    private URI uri(String s, String path) {
        try {
            URI u = URI.create(s);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            error(path, s, "not a URL; write e.g. http://127.0.0.1:9093");
            return URI.create("http://invalid");
        }
    }

    private Path resolve(String s) {
        Path p = Path.of(s);
        return p.isAbsolute() ? p : base.resolve(p).normalize();
    }

    private void error(String path, String value, String message) {
        int[] at = tree == null ? new int[] {0, 0} : tree.location(path);
        errors.add(new ConfigError(file, at[0], at[1], path, value, message));
    }
}
