package io.kizashi.simulator.load;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.elasticsearch.IndexDocument;
import io.kizashi.simulator.Deploy;
import io.kizashi.simulator.GroundTruth;
import io.kizashi.simulator.Incident;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.SimulationConfig;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes the generator's ground truth: a JSON file (config, incidents, deploys, restarts), the
 * incidents as documents of an index (default {@code kizashi-incidents}), and optionally the expected
 * per-service, per-minute rates as NDJSON.
 */
public final class GroundTruthExport {

    public static final String DEFAULT_INCIDENT_INDEX = "kizashi-incidents";
    /** Bump when the file layout changes. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final String INCIDENT_MAPPINGS = """
        {"properties": {
          "incident_id": {"type": "keyword"}, "kind": {"type": "keyword"}, "services": {"type": "keyword"},
          "root_service": {"type": "keyword"}, "precursor_onset": {"type": "date"}, "start": {"type": "date"},
          "end": {"type": "date"}, "description": {"type": "text"}, "seed": {"type": "long"}}}
        """;

    private GroundTruthExport() {
    }

    /** The ground truth of [from, to) as one JSON object. */
    public static ObjectNode toJson(LogGenerator generator, Instant from, Instant to) {
        SimulationConfig cfg = generator.config();
        GroundTruth truth = generator.groundTruth();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        ObjectNode c = root.putObject("simulation");
        c.put("seed", cfg.seed());
        c.put("from", from.toString());
        c.put("to", to.toString());
        c.put("history_start", cfg.start().toString());
        c.put("peak_requests_per_second", cfg.peakRequestsPerSecond());
        c.put("growth_per_day", cfg.growthPerDay());
        c.put("zone", cfg.zone().getId());
        c.put("index_prefix", cfg.indexPrefix());
        c.put("incidents_per_day", cfg.incidentsPerDay());
        ArrayNode services = c.putArray("services");
        truth.services().forEach(services::add);
        ArrayNode incidents = root.putArray("incidents");
        for (Incident i : truth.incidents(from, to)) {
            incidents.add(incident(i, cfg.seed()));
        }
        ArrayNode deploys = root.putArray("deploys");
        for (Deploy d : truth.deploys(from, to)) {
            ObjectNode n = deploys.addObject();
            n.put("service", d.service());
            n.put("at", d.at().toString());
            n.put("version", d.version());
            n.put("latency_factor", d.latencyFactor());
            n.put("error_factor", d.errorFactor());
            n.put("reason", d.reason());
        }
        ArrayNode restarts = root.putArray("restarts");
        for (GroundTruth.ContainerRestart r : truth.restarts(from, to)) {
            ObjectNode n = restarts.addObject();
            n.put("service", r.service());
            n.put("pod", r.pod());
            n.put("killed", r.killed().toString());
            n.put("back", r.back().toString());
            n.put("cause", r.cause().slug());
            n.put("incident_id", r.incidentId());
        }
        return root;
    }

    private static ObjectNode incident(Incident i, long seed) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("incident_id", i.id());
        n.put("kind", i.kind().slug());
        n.put("root_service", i.rootService());
        ArrayNode s = n.putArray("services");
        i.services().forEach(s::add);
        n.put("precursor_onset", i.precursorOnset().toString());
        n.put("start", i.start().toString());
        n.put("end", i.end().toString());
        n.put("description", i.description());
        n.put("seed", seed);
        return n;
    }

    public static void writeFile(Path file, LogGenerator generator, Instant from, Instant to) {
        try {
            createParent(file);
            MAPPER.writeValue(file.toFile(), toJson(generator, from, to));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground truth to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Indexes the incidents overlapping [from, to) (id = incident id, so re-running replaces). */
    public static BulkIndexer.Result indexIncidents(ElasticsearchClient client, String index, LogGenerator generator, Instant from, Instant to) {
        IndexAdmin admin = new IndexAdmin(client);
        admin.createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), INCIDENT_MAPPINGS);
        BulkIndexer.Result result;
        try (BulkIndexer indexer = new BulkIndexer(client)) {
            for (Incident i : generator.groundTruth().incidents(from, to)) {
                indexer.add(IndexDocument.of(index, i.id(), incident(i, generator.config().seed())));
            }
            result = indexer.flush();
        }
        admin.refresh(index);
        return result;
    }

    /** One line per service and minute of [from, to): the intensity, 5xx ratio, latency factor and pods the generator used. */
    public static void writeExpectedRates(Path file, LogGenerator generator, Instant from, Instant to) {
        ObjectMapper compact = new ObjectMapper();
        try {
            createParent(file);
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (String s : generator.groundTruth().services()) {
                    for (GroundTruth.ExpectedMinute m : generator.groundTruth().expected(s, from, to)) {
                        ObjectNode n = compact.createObjectNode();
                        n.put("service", m.service());
                        n.put("minute", m.minute().toString());
                        n.put("expected_requests", Math.round(m.requests() * 1000) / 1000.0);
                        n.put("expected_5xx_ratio", Math.round(m.serverErrorRatio() * 1e6) / 1e6);
                        n.put("latency_factor", Math.round(m.latencyFactor() * 1000) / 1000.0);
                        n.put("pods", m.pods());
                        w.write(compact.writeValueAsString(n));
                        w.write('\n');
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write expected rates to " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
