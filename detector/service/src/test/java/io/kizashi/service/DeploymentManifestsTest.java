package io.kizashi.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kizashi.datafeed.job.Jobs;
import io.kizashi.service.config.ServiceConfig;
import io.kizashi.service.config.ServiceConfigLoader;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests (deploy/k8s), the example configuration (deploy/config/kizashi.yaml) and the
 * container build file checked for structure: every manifest parses, selectors match the pod labels,
 * probes and the ServiceMonitor name ports that exist and paths the running service answers with 200,
 * ports agree with the configuration, every ConfigMap and key a pod mounts exists and carries the
 * repository's files, secrets are only referenced, and the example configuration loads.
 */
@WithElasticsearch
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentManifestsTest {

    static final Path REPO = Path.of(System.getProperty("kizashi.repo.root", "../.."));
    static final Path K8S = REPO.resolve("deploy/k8s");
    static final YAMLMapper YAML = new YAMLMapper();

    private final List<JsonNode> docs = new ArrayList<>();

    @BeforeAll
    void parseEveryManifest() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode d = it.next();
                        if (d == null || d.isEmpty()) {
                            continue;
                        }
                        assertThat(d.path("apiVersion").asText()).as("%s: apiVersion", f).isNotBlank();
                        assertThat(d.path("kind").asText()).as("%s: kind", f).isNotBlank();
                        assertThat(d.at("/metadata/name").asText()).as("%s: metadata.name", f).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
                        assertThat(d.at("/metadata/labels/app.kubernetes.io~1name").asText()).as("%s %s label", f, name(d)).isEqualTo("kizashi");
                        docs.add(d);
                    }
                }
            }
        }
        assertThat(docs.stream().map(d -> d.get("kind").asText()).toList())
                .contains("StatefulSet", "Service", "ConfigMap", "PodDisruptionBudget", "ServiceMonitor");
    }

    @Test
    void selectorsPortsAndProbesAgreeWithThePodAndTheConfiguration() throws IOException {
        JsonNode sts = one("StatefulSet", "kizashi");
        JsonNode podLabels = sts.at("/spec/template/metadata/labels");
        assertThat(matches(sts.at("/spec/selector/matchLabels"), podLabels)).as("StatefulSet selector matches its pods").isTrue();
        JsonNode headless = one("Service", sts.at("/spec/serviceName").asText());
        assertThat(headless.at("/spec/clusterIP").asText()).as("the StatefulSet's service is headless").isEqualTo("None");
        assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean()).as("members find each other before ready").isTrue();

        JsonNode container = sts.at("/spec/template/spec/containers/0");
        Map<String, Integer> containerPorts = new HashMap<>();
        container.path("ports").forEach(p -> containerPorts.put(p.get("name").asText(), p.get("containerPort").asInt()));
        JsonNode cfg = YAML.readTree(REPO.resolve("deploy/config/kizashi.yaml").toFile());
        assertThat(containerPorts).containsEntry("http", cfg.at("/http/port").asInt()).containsEntry("hazelcast", cfg.at("/cluster/port").asInt());
        assertThat(cfg.at("/http/host").asText()).as("reachable from outside the pod").isEqualTo("0.0.0.0");

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode p = container.path(probe).path("httpGet");
            assertThat(containerPorts).as("%s port", probe).containsKey(p.path("port").asText());
            assertThat(probePaths).as("%s path", probe).contains(p.path("path").asText());
        }
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(container.at("/resources/requests/cpu").isMissingNode()).isFalse();
        assertThat(container.at("/resources/limits/memory").asText()).isNotBlank();
        assertThat(sts.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(sts.at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).as("room for the graceful handover").isGreaterThanOrEqualTo(60);
        // the cluster host comes from the pod IP, and the configured members are this StatefulSet's pods
        assertThat(envNames(container)).contains("KIZASHI_CLUSTER_HOST");
        List<String> members = new ArrayList<>();
        cfg.at("/cluster/members").forEach(m -> members.add(m.asText()));
        for (int i = 0; i < sts.at("/spec/replicas").asInt(); i++) {
            assertThat(members).contains(sts.at("/metadata/name").asText() + "-" + i + "." + headless.at("/metadata/name").asText());
        }

        for (JsonNode svc : all("Service")) {
            assertThat(matches(svc.at("/spec/selector"), podLabels)).as("selector of Service %s", name(svc)).isTrue();
            svc.at("/spec/ports").forEach(p -> assertThat(containerPorts).as("targetPort of Service %s", name(svc))
                    .containsKey(p.path("targetPort").asText()));
        }
        JsonNode pdb = one("PodDisruptionBudget", "kizashi");
        assertThat(matches(pdb.at("/spec/selector/matchLabels"), podLabels)).as("PDB selects the pods").isTrue();
        assertThat(pdb.at("/spec/maxUnavailable").asInt()).isLessThan(sts.at("/spec/replicas").asInt());

        JsonNode sm = one("ServiceMonitor", "kizashi");
        JsonNode api = one("Service", "kizashi");
        assertThat(matches(sm.at("/spec/selector/matchLabels"), api.at("/metadata/labels"))).as("ServiceMonitor selects the API Service").isTrue();
        JsonNode endpoint = sm.at("/spec/endpoints/0");
        Set<String> apiPorts = new HashSet<>();
        api.at("/spec/ports").forEach(p -> apiPorts.add(p.get("name").asText()));
        assertThat(apiPorts).contains(endpoint.path("port").asText());
        assertThat(probePaths).contains(endpoint.path("path").asText());
    }

    @Test
    void mountedConfigMapsExistCarryTheRepositoryFilesAndSecretsAreOnlyReferenced() throws IOException {
        JsonNode sts = one("StatefulSet", "kizashi");
        JsonNode pod = sts.at("/spec/template/spec");
        Map<String, JsonNode> volumes = new HashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.get("name").asText(), v));
        for (JsonNode m : pod.at("/containers/0/volumeMounts")) {
            JsonNode v = volumes.get(m.get("name").asText());
            assertThat(v).as("volume of mount %s", m.get("name").asText()).isNotNull();
            if (v.has("configMap")) {
                JsonNode cm = one("ConfigMap", v.at("/configMap/name").asText());
                if (m.has("subPath")) {
                    assertThat(cm.path("data").has(m.get("subPath").asText())).as("key %s in ConfigMap %s", m.get("subPath").asText(), name(cm)).isTrue();
                }
            }
            if (v.has("secret")) {
                assertThat(v.at("/secret/secretName").asText()).isNotBlank();
                assertThat(v.at("/secret/items")).as("secret keys are named").isNotEmpty();
            }
        }
        // no Secret with values in the manifests, no credential in an env value
        assertThat(docs).noneMatch(d -> d.get("kind").asText().equals("Secret"));
        for (JsonNode e : pod.at("/containers/0/env")) {
            if (e.get("name").asText().matches(".*(KEY|TOKEN|PASSWORD|SECRET).*")) {
                assertThat(e.has("value")).as("env %s must come from a Secret", e.get("name").asText()).isFalse();
            }
        }
        // the paths the configuration reads its secrets and folders from are where the pod mounts them
        JsonNode cfg = YAML.readTree(REPO.resolve("deploy/config/kizashi.yaml").toFile());
        Map<String, String> mounts = new HashMap<>();
        pod.at("/containers/0/volumeMounts").forEach(m -> mounts.put(m.get("mountPath").asText(), m.get("name").asText()));
        assertThat(mounts).containsKey(Path.of(cfg.at("/elasticsearch/api_key_file").asText()).getParent().toString())
                .containsKey(Path.of(cfg.at("/elasticsearch/ca_file").asText()).getParent().toString())
                .containsKey(Path.of(cfg.at("/http/token_file").asText()).getParent().toString())
                .containsKey(cfg.at("/jobs_dir").asText()).containsKey(cfg.at("/rules_dir").asText());

        // the ConfigMaps carry the repository's files, unchanged (regenerate: python3 deploy/k8s/generate-configmaps.py)
        assertSameFiles(one("ConfigMap", "kizashi-config"), List.of(REPO.resolve("deploy/config/kizashi.yaml")));
        assertSameFiles(one("ConfigMap", "kizashi-jobs"), yamlFiles(REPO.resolve("deploy/config/jobs")));
        assertSameFiles(one("ConfigMap", "kizashi-rules"), yamlFiles(REPO.resolve("alert-rules")));
    }

    @Test
    void theExampleConfigurationLoadsWithTheMountedFilesInPlace(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n(test)\n-----END CERTIFICATE-----\n");
        Map<String, String> env = Map.of("KIZASHI_JOBS_DIR", REPO.resolve("deploy/config/jobs").toString(),
                "KIZASHI_RULES_DIR", REPO.resolve("alert-rules").toString(), "KIZASHI_ELASTICSEARCH_CA_FILE", ca.toString(),
                "KIZASHI_ES_API_KEY", "id:secret", "KIZASHI_HTTP_TOKEN", "t", "KIZASHI_CLUSTER_HOST", "10.1.2.3");
        ServiceConfig c = new ServiceConfigLoader(env::get, dir).load(REPO.resolve("deploy/config/kizashi.yaml"));
        assertThat(c.elasticsearch().urls()).allMatch(u -> u.toString().startsWith("https://"));
        assertThat(c.cluster()).isNotNull();
        assertThat(c.cluster().host()).isEqualTo("10.1.2.3");
        assertThat(c.cluster().members()).hasSize(3);
        assertThat(Jobs.loadAll(c.jobsDir())).hasSize(6);
    }

    @Test
    void theContainerFileRunsTheServiceAsANonRootUserOnTemurin25() throws IOException {
        String cf = Files.readString(REPO.resolve("deploy/Containerfile"));
        List<String> from = cf.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).hasSize(2);
        assertThat(from.getLast()).contains("eclipse-temurin:25-jre");
        assertThat(cf).contains("USER 10001").contains("\"run\", \"--config\", \"/etc/kizashi/kizashi.yaml\"")
                .contains("io.kizashi.cli.Main").contains("EXPOSE 8080 5701");
        for (String copied : cf.lines().filter(l -> l.startsWith("COPY ") && !l.contains("--from")).map(l -> l.split("\\s+")[1]).toList()) {
            assertThat(REPO.resolve(copied)).as("COPY source %s", copied).exists();
        }
    }

    private List<String> probePaths = List.of();

    /** The paths a running service answers with 200 among those the manifests use. */
    @BeforeAll
    void askARunningService(URI es, IndexPrefix prefix, @TempDir Path dir) throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(jobs.resolve("j.yaml"), """
                job_id: probe
                source: {indices: [%snothing-*], bucket_span: 1m, query_delay: 0s}
                metrics: [{name: requests, function: count}]
                """.formatted(prefix.value()));
        Map<String, String> env = Map.of("KIZASHI_ELASTICSEARCH_URLS", es.toString(), "KIZASHI_JOBS_DIR", jobs.toString(),
                "KIZASHI_HTTP_PORT", "0", "KIZASHI_INDICES_PREFIX", prefix.value());
        Vertx vertx = Vertx.vertx();
        KizashiService s = KizashiService.start(vertx, new ServiceConfigLoader(env::get, dir).load(null), Clock.systemUTC())
                .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        List<String> ok = new ArrayList<>();
        try {
            HttpClient http = HttpClient.newHttpClient();
            for (String p : List.of("/health", "/ready", "/metrics")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + p)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    ok.add(p);
                }
            }
        } finally {
            s.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        probePaths = List.copyOf(ok);
        assertThat(probePaths).containsExactly("/health", "/ready", "/metrics");
    }

    // ------------------------------------------------------------------ helpers

    private static void assertSameFiles(JsonNode cm, List<Path> files) throws IOException {
        Set<String> keys = new HashSet<>();
        cm.path("data").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).as("keys of ConfigMap %s (regenerate: python3 deploy/k8s/generate-configmaps.py)", name(cm))
                .isEqualTo(new HashSet<>(files.stream().map(f -> f.getFileName().toString()).toList()));
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            assertThat(cm.at("/data/" + f.getFileName()).asText()).as("%s in ConfigMap %s (regenerate: python3 deploy/k8s/generate-configmaps.py)",
                    f.getFileName(), name(cm)).isEqualTo(text.endsWith("\n") ? text : text + "\n");
        }
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> envNames(JsonNode container) {
        List<String> out = new ArrayList<>();
        container.path("env").forEach(e -> out.add(e.get("name").asText()));
        return out;
    }

    private JsonNode one(String kind, String name) {
        return docs.stream().filter(d -> d.get("kind").asText().equals(kind) && name(d).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in deploy/k8s"));
    }

    private List<JsonNode> all(String kind) {
        return docs.stream().filter(d -> d.get("kind").asText().equals(kind)).toList();
    }

    private static String name(JsonNode d) {
        return d.at("/metadata/name").asText();
    }
}
