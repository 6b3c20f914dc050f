package io.kizashi.cli;

import io.kizashi.simulator.Incident;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kizashi simulate-metrics}: the simulated platform's per-service metrics as a labelled multivariate corpus. */
@Command(
    name = "simulate-metrics",
    mixinStandardHelpOptions = true,
    description = {
        "Simulates the MDM platform's logs in memory (no Elasticsearch), aggregates per-service metrics per bucket",
        "(requests, 5xx ratio, p95 latency, heap, GC pause, DB-pool waiters, queue depth, restarts) and writes them as",
        "a multivariate corpus: OUT/train/<service>.csv (the first --history-days), OUT/test/<service>.csv with a",
        "label column, OUT/labels/segments.json and OUT/labels/incidents.csv (ground truth with precursor onsets).",
        "Example (the simulated half of the shipped model's training data):",
        "  kizashi simulate-metrics --seed 11 --days 6 --incidents-per-day 3 --out target/sim-11"})
public final class SimulateMetricsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Corpus folder to write (must not exist or be empty).")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "Simulation seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--start", defaultValue = "2025-03-03T00:00:00Z", paramLabel = "INSTANT",
            description = "First simulated instant (UTC). Default: ${DEFAULT-VALUE}.")
    String start;

    @Option(names = "--days", defaultValue = "5", description = "Simulated days in all. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--history-days", defaultValue = "2", description = "Days written to train/ (baselines learn, no labels). Default: ${DEFAULT-VALUE}.")
    int historyDays;

    @Option(names = "--incidents-per-day", defaultValue = "3", description = "Mean random incidents per day. Default: ${DEFAULT-VALUE}.")
    double incidentsPerDay;

    @Option(names = "--rate", defaultValue = "4", description = "Platform-wide peak requests per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--bucket", defaultValue = "5m", description = "Bucket span (e.g. 1m, 5m). Default: ${DEFAULT-VALUE}.")
    String bucket;

    @Override
    public Integer call() {
        Instant from;
        try {
            from = Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new UserError("--start '" + start + "' is not an instant; use e.g. 2025-03-03T00:00:00Z");
        }
        if (days < 2 || days > 60) {
            throw new UserError("--days must be between 2 and 60, got " + days);
        }
        if (historyDays < 1 || historyDays >= days) {
            throw new UserError("--history-days must be at least 1 and less than --days (" + days + "), got " + historyDays);
        }
        Duration span = span(bucket);
        try {
            if (Files.isDirectory(out)) {
                try (var s = Files.list(out)) {
                    if (s.findAny().isPresent()) {
                        throw new UserError("--out " + out + " is not empty; choose a new folder");
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new UserError("cannot read --out " + out + ": " + e.getMessage());
        }
        SimulationConfig cfg;
        try {
            cfg = SimulationConfig.defaults(seed, from).withIncidentsPerDay(incidentsPerDay).withPeakRequestsPerSecond(rate);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        try {
            List<Incident> inc = SimulatedMetrics.write(new LogGenerator(cfg), from, from.plus(Duration.ofDays(historyDays)),
                    from.plus(Duration.ofDays(days)), span, out);
            PrintWriter pw = spec.commandLine().getOut();
            pw.println("wrote " + out + ": " + days + " days (" + historyDays + " history) of per-service metrics at " + bucket
                    + ", " + inc.size() + " labelled incidents in the test part");
            pw.flush();
            return 0;
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage() + ": " + e.getCause().getMessage(), e);
        }
    }

    static Duration span(String s) {
        try {
            String t = s.strip().toLowerCase(java.util.Locale.ROOT);
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
            if (d.isZero() || d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new UserError("--bucket '" + s + "' is not a span like 1m or 5m (at most 1h)");
        }
    }
}
