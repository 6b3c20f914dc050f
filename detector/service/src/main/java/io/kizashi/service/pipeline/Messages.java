package io.kizashi.service.pipeline;

import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.BucketBatch;
import io.kizashi.datafeed.Cycle;
import io.kizashi.results.SeriesResults;
import io.vertx.core.eventbus.EventBus;

import java.util.List;
import java.util.Map;

/** The messages the stages pass along one cycle of one job, and the event-bus addresses (read as sentences). */
public final class Messages {

    public static final String SCORE = "kizashi.cycle.score";
    public static final String PRECURSORS = "kizashi.cycle.precursors";
    public static final String RESULTS = "kizashi.cycle.results";
    public static final String ALERTS = "kizashi.cycle.alerts";

    private Messages() {
    }

    /** A pulled cycle, to be scored. */
    public record Pulled(JobRuntime job, Cycle cycle, BucketBatch batch) {
    }

    /**
     * A scored cycle.
     *
     * @param results   per series, the results of buckets not seen before (replays are skipped)
     * @param forecasts per series with a trend limit: its forecast, with the limit's crossing if within the horizon
     */
    public record Scored(JobRuntime job, Cycle cycle, BucketBatch batch, List<SeriesResults> results,
                         Map<SeriesKey, io.kizashi.core.trend.Forecast> forecasts, long scoringNanos) {
    }

    /**
     * What the results stage wrote, with the sample request ids and Discover link of each series' open
     * anomaly (the alert stage puts them into notifications).
     */
    public record Written(Scored scored, long documents, Map<SeriesKey, List<String>> requestIds, Map<SeriesKey, String> discoverUrls) {
    }

    /** Registers the by-reference codecs once per event bus (a second service on the same Vert.x reuses them). */
    static synchronized void registerCodecs(EventBus bus) {
        for (Class<?> c : java.util.List.of(Pulled.class, Scored.class, Written.class)) {
            register(bus, c);
        }
    }

    private static <T> void register(EventBus bus, Class<T> type) {
        try {
            bus.registerDefaultCodec(type, new LocalCodec<>(type));
        } catch (IllegalStateException alreadyRegistered) {
            // registered by an earlier deployment on this event bus
        }
    }
}
