package io.kizashi.service.metrics;

import io.kizashi.core.series.SeriesKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The service's own metrics in Prometheus format (base units, {@code _total} on counters). Per-series
 * anomaly scores are exported as one gauge family whose cardinality is bounded: only the
 * {@code seriesGauges} highest-scoring series of the last cycle are present, the rest are removed.
 */
public final class ServiceMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final int seriesGauges;
    private final Map<String, AtomicLong> longGauges = new ConcurrentHashMap<>();
    private final Map<String, double[]> doubleGauges = new ConcurrentHashMap<>();
    private final Map<SeriesKey, double[]> scoreValues = new HashMap<>();
    private final Map<SeriesKey, Meter.Id> scoreGauges = new HashMap<>();
    private final Map<String, String> versionsInUse = new HashMap<>();

    public ServiceMetrics(int seriesGauges) {
        if (seriesGauges < 0) {
            throw new IllegalArgumentException("metrics.series_gauges must be >= 0, got " + seriesGauges);
        }
        this.seriesGauges = seriesGauges;
        Gauge.builder("kizashi.up", () -> 1).description("1 while the service runs").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The exposition text for {@code /metrics}. */
    public String scrape() {
        return registry.scrape();
    }

    public void bucketsProcessed(String job, long buckets) {
        Counter.builder("kizashi.buckets.processed").description("series buckets scored").tag("job", job)
                .register(registry).increment(buckets);
    }

    public void lag(String job, Duration behind) {
        doubleGauge("kizashi.datafeed.lag.seconds", "how far the job's checkpoint is behind real time", Tags.of("job", job))[0] =
                behind.toMillis() / 1000.0;
    }

    public void pull(String job, Duration took, int requests) {
        Timer.builder("kizashi.datafeed.pull").description("time to pull one cycle from Elasticsearch").tag("job", job)
                .register(registry).record(took);
        Counter.builder("kizashi.datafeed.requests").description("Elasticsearch search requests made by datafeeds").tag("job", job)
                .register(registry).increment(requests);
    }

    public void elasticsearchError(String operation) {
        Counter.builder("kizashi.elasticsearch.errors").description("failed Elasticsearch operations").tag("operation", operation)
                .register(registry).increment();
    }

    public void scoring(String job, Duration took) {
        Timer.builder("kizashi.scoring").description("time to score one cycle").tag("job", job).register(registry).record(took);
    }

    public void resultsWrite(String job, Duration took) {
        Timer.builder("kizashi.results.write").description("time to write one cycle's results, annotations and model states")
                .tag("job", job).register(registry).record(took);
    }

    public void series(String job, int count) {
        longGauge("kizashi.series", "series held in memory", Tags.of("job", job)).set(count);
    }

    public void delayedData(String job, long buckets) {
        Counter.builder("kizashi.datafeed.delayed.buckets").description("buckets whose document count grew after they were processed")
                .tag("job", job).register(registry).increment(buckets);
    }

    public void alertDelivery(String receiver, boolean ok) {
        Counter.builder("kizashi.alerts.deliveries").description("alert notifications sent").tag("receiver", receiver)
                .tag("outcome", ok ? "delivered" : "failed").register(registry).increment();
    }

    /** Marks {@code version} as the one in use for {@code component} (1), and the version it replaces as no longer (0). */
    public synchronized void modelVersion(String component, String version) {
        String before = versionsInUse.put(component, version);
        if (before != null && !before.equals(version)) {
            longGauge("kizashi.model.info", "the model version in use (value 1)", Tags.of("component", component, "version", before)).set(0);
        }
        longGauge("kizashi.model.info", "the model version in use (value 1)", Tags.of("component", component, "version", version)).set(1);
    }

    /**
     * Updates the per-series anomaly score gauges: keeps the {@code seriesGauges} series with the highest
     * latest score and removes the others, so the exposition stays bounded however many series there are.
     */
    public synchronized void seriesScores(Map<SeriesKey, Double> latest) {
        List<Map.Entry<SeriesKey, Double>> sorted = new ArrayList<>(latest.entrySet());
        sorted.sort(Map.Entry.<SeriesKey, Double>comparingByValue().reversed().thenComparing(e -> e.getKey().canonical()));
        Map<SeriesKey, Double> keep = new HashMap<>();
        for (Map.Entry<SeriesKey, Double> e : sorted.subList(0, Math.min(seriesGauges, sorted.size()))) {
            keep.put(e.getKey(), e.getValue());
        }
        for (SeriesKey k : new ArrayList<>(scoreGauges.keySet())) {
            if (!keep.containsKey(k)) {
                registry.remove(scoreGauges.remove(k));
                scoreValues.remove(k);
            }
        }
        for (Map.Entry<SeriesKey, Double> e : keep.entrySet()) {
            double[] holder = scoreValues.computeIfAbsent(e.getKey(), k -> new double[1]);
            holder[0] = e.getValue();
            scoreGauges.computeIfAbsent(e.getKey(), k -> Gauge.builder("kizashi.anomaly.score", holder, h -> h[0])
                    .description("latest anomaly score (0-100) of the highest-scoring series")
                    .tags(tags(k)).register(registry).getId());
        }
    }

    private static Tags tags(SeriesKey k) {
        Tags t = Tags.of("job", k.jobId(), "metric", k.metric());
        String splits = String.join(",", k.splits().values());
        return t.and("series", splits.isEmpty() ? k.jobId() : splits);
    }

    private AtomicLong longGauge(String name, String description, Tags tags) {
        return longGauges.computeIfAbsent(name + tags, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder(name, v, AtomicLong::get).description(description).tags(tags).register(registry);
            return v;
        });
    }

    private double[] doubleGauge(String name, String description, Tags tags) {
        return doubleGauges.computeIfAbsent(name + tags, k -> {
            double[] v = new double[1];
            Gauge.builder(name, v, h -> h[0]).description(description).tags(tags).register(registry);
            return v;
        });
    }
}
