package io.kizashi.service.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.kizashi.datafeed.job.Durations;
import io.kizashi.service.config.ServiceConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code cluster} section of the service configuration (every problem reported, none thrown). */
public final class ClusterSettings {

    /** Where configuration problems go: the setting's path, the value, what to do. */
    @FunctionalInterface
    public interface Errors {
        void add(String path, String value, String message);
    }

    static final int DEFAULT_PORT = 5701;
    static final Duration DEFAULT_FAILURE_TIMEOUT = Duration.ofSeconds(10);

    private ClusterSettings() {
    }

    /**
     * The cluster settings, or null when the section is absent or {@code enabled} is false (one replica,
     * exactly as without the section).
     */
    public static ServiceConfig.Cluster read(JsonNode section, Errors errors) {
        if (section == null || section.isMissingNode() || section.isNull() || !section.isObject()) {
            return null;
        }
        JsonNode en = section.get("enabled");
        boolean enabled;
        if (en == null || en.isNull()) {
            enabled = false;
        } else if (en.isBoolean()) {
            enabled = en.asBoolean();
        } else if (en.asText().trim().equalsIgnoreCase("true") || en.asText().trim().equalsIgnoreCase("false")) {
            enabled = Boolean.parseBoolean(en.asText().trim());
        } else {
            errors.add("cluster.enabled", en.asText(), "must be true or false");
            return null;
        }
        if (!enabled) {
            return null;
        }
        String name = text(section, "name", "kizashi");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            errors.add("cluster.name", name, "use 1-64 letters, digits, '.', '_' or '-' (e.g. kizashi-prod)");
        }
        String host = text(section, "host", "127.0.0.1");
        if (host.isBlank() || host.contains(" ") || host.contains(":")) {
            errors.add("cluster.host", host, "give the IPv4 address or host name this replica binds and announces (in Kubernetes: the pod IP)");
        }
        int port = DEFAULT_PORT;
        JsonNode p = section.get("port");
        if (p != null && !p.isNull()) {
            try {
                port = Integer.parseInt(p.asText().trim());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                errors.add("cluster.port", p.asText(), "must be a TCP port between 1 and 65535 (default 5701)");
                port = DEFAULT_PORT;
            }
        }
        List<String> members = new ArrayList<>();
        JsonNode m = section.get("members");
        if (m != null && m.isArray()) {
            m.forEach(x -> members.add(x.asText().trim()));
        } else if (m != null && m.isTextual()) {
            for (String part : m.asText().split(",")) {
                if (!part.isBlank()) {
                    members.add(part.trim());
                }
            }
        } else if (m != null && !m.isNull()) {
            errors.add("cluster.members", m.toString(), "must be a list of \"host\" or \"host:port\" entries");
        }
        for (String member : members) {
            if (!member.matches("[A-Za-z0-9._-]+(:\\d{1,5})?")) {
                errors.add("cluster.members", member, "not \"host\" or \"host:port\"; e.g. kizashi-0.kizashi-cluster:5701");
            }
        }
        if (members.isEmpty()) {
            members.add(host + ":" + port);
        }
        Duration timeout = DEFAULT_FAILURE_TIMEOUT;
        JsonNode t = section.get("failure_timeout");
        if (t != null && !t.isNull()) {
            timeout = Durations.parse(t.asText()).orElse(null);
            if (timeout == null || timeout.compareTo(Duration.ofSeconds(2)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                errors.add("cluster.failure_timeout", t.asText(), "must be a duration between 2s and 10m (default 10s)");
                timeout = DEFAULT_FAILURE_TIMEOUT;
            }
        }
        return new ServiceConfig.Cluster(name, host, port, members, timeout);
    }

    private static String text(JsonNode n, String key, String def) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? def : v.asText().trim();
    }
}
