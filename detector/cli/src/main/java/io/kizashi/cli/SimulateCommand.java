package io.kizashi.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.EsClients;
import io.kizashi.elasticsearch.EsConnectionConfig;
import io.kizashi.simulator.Incident;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.SimulationConfig;
import io.kizashi.simulator.load.EsLogLoader;
import io.kizashi.simulator.load.GroundTruthExport;
import io.kizashi.simulator.load.LoadReport;
import io.kizashi.simulator.load.Ndjson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code kizashi simulate}: generates days of simulated MDM platform logs (with ground truth) into
 * Elasticsearch or an NDJSON file; {@link Ingest} ({@code kizashi ingest}) loads an NDJSON file.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
        "Generates realistic logs of a simulated mobile-device-management SaaS on Kubernetes (16 services,",
        "Tokyo business hours, weekends, deploys, autoscaling, incidents with precursors) together with",
        "their ground truth, into Elasticsearch (daily indices <prefix>YYYY.MM.DD) and/or an NDJSON file.",
        "The same --seed and --end give byte-identical documents and ids.",
        "Examples:",
        "  kizashi simulate --es http://127.0.0.1:9200 --days 2",
        "  kizashi simulate --days 1 --seed 7 --rate 2 --out /tmp/mdm.ndjson --truth /tmp/mdm-truth.json"})
public final class SimulateCommand implements Callable<Integer> {

    /** Default platform-wide peak request rate: about 165k documents per weekday, 105k per weekend day. */
    static final double DEFAULT_RATE = SimulationConfig.DEMO_PEAK_REQUESTS_PER_SECOND;

    @Spec
    CommandSpec spec;

    @Option(names = "--es", paramLabel = "URL",
            description = "Elasticsearch URL(s), comma-separated. Credentials: env KIZASHI_ES_USER + KIZASHI_ES_PASSWORD, or KIZASHI_ES_API_KEY.")
    String es;

    @Option(names = "--es-ca", paramLabel = "FILE", description = "PEM CA certificate for an https:// Elasticsearch.")
    Path esCa;

    @Option(names = "--out", paramLabel = "FILE.ndjson", description = "Also (or only) write the documents to this NDJSON file.")
    Path out;

    @Option(names = "--days", paramLabel = "N", defaultValue = "2", description = "Days of history to generate. Default: ${DEFAULT-VALUE}.")
    double days;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "" + DEFAULT_RATE,
            description = "Platform-wide requests/s at the weekday peak (~2.6 log lines per request). Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--end", paramLabel = "TIME",
            description = "End of the history, ISO-8601 UTC (e.g. 2025-03-10T00:00:00Z) or 'now' (rounded down to the minute). Default: now.")
    String end;

    @Option(names = "--incidents-per-day", paramLabel = "X", defaultValue = "1",
            description = "Mean number of random incidents per day. Default: ${DEFAULT-VALUE}.")
    double incidentsPerDay;

    @Option(names = "--index-prefix", paramLabel = "P", defaultValue = "logs-mdm-",
            description = "Daily log indices are <P>YYYY.MM.DD. Default: ${DEFAULT-VALUE}.")
    String indexPrefix;

    @Option(names = "--incident-index", paramLabel = "NAME", defaultValue = GroundTruthExport.DEFAULT_INCIDENT_INDEX,
            description = "Index for the ground-truth incidents (with --es). Default: ${DEFAULT-VALUE}.")
    String incidentIndex;

    @Option(names = "--truth", paramLabel = "FILE.json", description = "Write the ground truth (incidents, deploys, restarts) to this file.")
    Path truth;

    @Option(names = "--expected", paramLabel = "FILE.ndjson", description = "Write the expected per-service, per-minute rates to this file.")
    Path expected;

    @Override
    public Integer call() {
        if (es == null && out == null) {
            throw new UserError("nothing to write to: give --es URL (e.g. http://127.0.0.1:9200) and/or --out FILE.ndjson");
        }
        if (!(days > 0) || days > 366) {
            throw new UserError("--days " + days + " is out of range; use a number of days in (0, 366]");
        }
        Instant to = parseEnd(end);
        Instant from = to.minus(Duration.ofMinutes(Math.round(days * 24 * 60)));
        SimulationConfig cfg;
        try {
            cfg = SimulationConfig.defaults(seed, from).withPeakRequestsPerSecond(rate).withIncidentsPerDay(incidentsPerDay);
            cfg = new SimulationConfig(cfg.seed(), cfg.start(), cfg.peakRequestsPerSecond(), cfg.growthPerDay(), cfg.zone(),
                indexPrefix, cfg.namespace(), cfg.services(), cfg.tenants(), cfg.incidentsPerDay(), cfg.deployProbability(),
                cfg.scriptedIncidents(), cfg.runtimeStatsInterval(), cfg.nodes());
        } catch (IllegalArgumentException e) {
            throw new UserError(optionFor(e.getMessage()) + e.getMessage(), e);
        }
        LogGenerator generator = new LogGenerator(cfg);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "simulating %s .. %s (seed %d, peak %.2f req/s, %d services)%n", from, to, seed, rate, cfg.services().size());
        o.flush();

        if (out != null) {
            writeNdjson(generator, from, to, o);
        }
        if (es != null) {
            try (ElasticsearchClient client = connect(es, esCa)) {
                EsLogLoader loader = new EsLogLoader(client, BulkIndexer.Options.defaults());
                long[] last = {System.nanoTime()};
                LoadReport report = loader.backfill(generator, from, to, Duration.ofHours(1), n -> {
                    if (System.nanoTime() - last[0] > 5_000_000_000L) {
                        o.printf(Locale.ROOT, "  ... %d documents%n", n);
                        o.flush();
                        last[0] = System.nanoTime();
                    }
                });
                o.println("elasticsearch: " + report.summary());
                GroundTruthExport.indexIncidents(client, incidentIndex, generator, from, to);
                o.println("ground truth: " + generator.groundTruth().incidents(from, to).size() + " incidents in index " + incidentIndex);
                if (report.failed() > 0) {
                    spec.commandLine().getErr().println("error: " + report.failed() + " documents were not indexed; first: "
                        + report.failures().getFirst());
                    return 1;
                }
            } catch (IOException e) {
                throw new UserError("closing the Elasticsearch client failed: " + e.getMessage(), e);
            }
        }
        if (truth != null) {
            GroundTruthExport.writeFile(truth, generator, from, to);
            o.println("ground truth written to " + truth);
        }
        if (expected != null) {
            GroundTruthExport.writeExpectedRates(expected, generator, from, to);
            o.println("expected rates written to " + expected);
        }
        for (Incident i : generator.groundTruth().incidents(from, to)) {
            o.printf("  incident %s: %s, precursor %s, start %s, end %s%n", i.id(), String.join(",", i.services()),
                i.precursorOnset(), i.start(), i.end());
        }
        o.flush();
        return 0;
    }

    private void writeNdjson(LogGenerator generator, Instant from, Instant to, PrintWriter o) {
        long started = System.nanoTime();
        try (Ndjson.Writer w = new Ndjson.Writer(out)) {
            generator.generate(from, to, Duration.ofHours(1), w::write);
            o.printf(Locale.ROOT, "ndjson: %d documents written to %s in %.1f s%n", w.lines(), out, (System.nanoTime() - started) / 1e9);
        } catch (java.io.UncheckedIOException e) {
            throw new UserError("--out " + out + ": " + e.getMessage(), e);
        }
    }

    static Instant parseEnd(String end) {
        if (end == null || end.equalsIgnoreCase("now")) {
            return Instant.now().truncatedTo(ChronoUnit.MINUTES);
        }
        try {
            return Instant.parse(end);
        } catch (DateTimeParseException e) {
            throw new UserError("--end '" + end + "' is not an ISO-8601 UTC time; use e.g. 2025-03-10T00:00:00Z or 'now'", e);
        }
    }

    private static String optionFor(String message) {
        if (message.startsWith("peakRequestsPerSecond")) {
            return "--rate: ";
        }
        if (message.startsWith("incidentsPerDay")) {
            return "--incidents-per-day: ";
        }
        if (message.startsWith("indexPrefix")) {
            return "--index-prefix: ";
        }
        return "";
    }

    /** A client for the URL(s), credentials from the environment; fails with one clear line if unreachable. */
    static ElasticsearchClient connect(String urls, Path ca) {
        EsConnectionConfig config;
        try {
            config = EsConnectionConfig.parse(urls);
            String user = System.getenv("KIZASHI_ES_USER");
            String apiKey = System.getenv("KIZASHI_ES_API_KEY");
            if (user != null && !user.isBlank()) {
                String password = System.getenv("KIZASHI_ES_PASSWORD");
                if (password == null) {
                    throw new UserError("KIZASHI_ES_USER is set but KIZASHI_ES_PASSWORD is not; set both (or KIZASHI_ES_API_KEY)");
                }
                config = config.withBasicAuth(user, password);
            } else if (apiKey != null && !apiKey.isBlank()) {
                config = config.withApiKey(apiKey);
            }
            if (ca != null) {
                if (!Files.isReadable(ca)) {
                    throw new UserError("--es-ca " + ca + " is not a readable file; give the PEM CA certificate of your cluster");
                }
                config = config.withCaCertificate(ca);
            }
        } catch (IllegalArgumentException e) {
            throw new UserError("--es: " + e.getMessage(), e);
        }
        ElasticsearchClient client = EsClients.create(config);
        try {
            client.info();
        } catch (IOException | RuntimeException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // reporting the original problem
            }
            throw new UserError("cannot reach Elasticsearch at " + urls + " (" + rootMessage(e)
                + "); start one with `kizashi es` or check --es and the KIZASHI_ES_* credentials", e);
        }
        return client;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** {@code kizashi ingest}: loads an NDJSON log file (one JSON document per line) into an index. */
    @Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Loads an NDJSON file (one JSON document per line, e.g. an export of your own logs) into an",
            "Elasticsearch index. Lines that are not JSON objects are skipped and reported with their line",
            "numbers. The _id is the line's event.id when present, else a hash of the line (re-ingesting",
            "replaces, never duplicates). A new index gets the log mappings (keyword fields, date @timestamp).",
            "Example:",
            "  kizashi ingest --es http://127.0.0.1:9200 --index logs-mine /tmp/export.ndjson"})
    public static final class Ingest implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--es", paramLabel = "URL", required = true, description = "Elasticsearch URL(s), comma-separated.")
        String es;

        @Option(names = "--es-ca", paramLabel = "FILE", description = "PEM CA certificate for an https:// Elasticsearch.")
        Path esCa;

        @Option(names = "--index", paramLabel = "NAME", required = true, description = "Target index (lowercase).")
        String index;

        @Parameters(paramLabel = "FILE.ndjson", description = "The NDJSON file.")
        Path file;

        @Override
        public Integer call() {
            if (!index.matches("[a-z0-9][a-z0-9._-]*") || index.length() > 255) {
                throw new UserError("--index '" + index + "' is not a valid index name; use lowercase letters, digits, '.', '_' or '-'");
            }
            if (!Files.isRegularFile(file)) {
                throw new UserError(file + " does not exist or is not a file");
            }
            PrintWriter o = spec.commandLine().getOut();
            try (ElasticsearchClient client = connect(es, esCa)) {
                Ndjson.IngestReport r;
                try {
                    r = Ndjson.ingest(client, file, index, BulkIndexer.Options.defaults(), 20);
                } catch (IllegalArgumentException e) {
                    throw new UserError(e.getMessage(), e);
                }
                o.println(r.summary());
                for (Ndjson.BadLine b : r.bad()) {
                    o.println("  skipped " + b);
                }
                o.flush();
                if (r.load().failed() > 0) {
                    spec.commandLine().getErr().println("error: " + r.load().failed() + " documents were rejected by Elasticsearch; first: "
                        + r.load().failures().getFirst());
                    return 1;
                }
                return 0;
            } catch (IOException e) {
                throw new UserError("closing the Elasticsearch client failed: " + e.getMessage(), e);
            }
        }
    }
}
