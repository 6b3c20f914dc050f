package io.kizashi.service.scoring;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.SeriesModel;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.core.state.CorruptStateException;
import io.kizashi.elasticsearch.IndexDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The series models of one job, scoring buckets in time order. Replay-safe: a bucket at or before the
 * last one a model learned is skipped (not learned twice) - after a crash between saving the model
 * states and committing the datafeed checkpoint, the datafeed hands the same buckets again. One worker
 * scores a job at a time; readers (the API) synchronise on a model to use it.
 */
public final class SeriesScorer {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesScorer.class);

    /** One series' value in one bucket (NaN = no value: a gap or an empty bucket of a mean/percentile). */
    public record Point(Instant bucket, double value) {
    }

    private final String jobId;
    private final Function<SeriesKey, ModelConfig> configs;
    // concurrent: the API reads models (forecasts, series lists) while a worker scores
    private final Map<SeriesKey, SeriesModel> models = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<SeriesKey, Instant> last = new HashMap<>();
    private final Map<SeriesKey, Instant> dirty = new HashMap<>();

    public SeriesScorer(String jobId, Function<SeriesKey, ModelConfig> configs) {
        this.jobId = jobId;
        this.configs = configs;
    }

    /** Restores stored models; a state that cannot be read is logged and the series starts fresh. */
    public void restore(Map<SeriesKey, ModelStore.Stored> stored) {
        for (ModelStore.Stored s : stored.values()) {
            try {
                models.put(s.key(), SeriesModel.fromBytes(s.state(), configs.apply(s.key())));
                last.put(s.key(), s.lastBucket());
            } catch (CorruptStateException | IllegalArgumentException e) {
                LOG.warn("model state of {} cannot be restored ({}); the series starts learning again", s.key(), e.getMessage());
            }
        }
    }

    /** Scores the points of one series (in time order); returns results for the buckets not seen before. */
    public List<BucketResult> score(SeriesKey key, List<Point> points) {
        if (!key.jobId().equals(jobId)) {
            throw new IllegalArgumentException("series " + key + " is not of job " + jobId);
        }
        SeriesModel m = models.computeIfAbsent(key, k -> SeriesModel.create(configs.apply(k)));
        Instant seen = last.get(key);
        List<BucketResult> out = new ArrayList<>(points.size());
        synchronized (m) {
            for (Point p : points) {
                if (seen != null && !p.bucket().isAfter(seen)) {
                    continue;
                }
                out.add(Double.isNaN(p.value()) ? m.missing(p.bucket()) : m.observe(p.bucket(), p.value()));
                seen = p.bucket();
            }
        }
        if (seen != null) {
            last.put(key, seen);
            dirty.put(key, seen);
        }
        return out;
    }

    public SeriesModel model(SeriesKey key) {
        return models.get(key);
    }

    public int seriesCount() {
        return models.size();
    }

    public Map<SeriesKey, SeriesModel> models() {
        return java.util.Collections.unmodifiableMap(models);
    }

    /** State documents of the models changed since the last call (to save after a cycle's results). */
    public List<IndexDocument> drainDirty(ModelStore store, Instant now) {
        List<IndexDocument> docs = new ArrayList<>(dirty.size());
        for (Map.Entry<SeriesKey, Instant> e : dirty.entrySet()) {
            SeriesModel m = models.get(e.getKey());
            byte[] state;
            synchronized (m) {
                state = m.toBytes();
            }
            docs.add(store.document(e.getKey(), e.getValue(), state, now));
        }
        dirty.clear();
        return docs;
    }
}
