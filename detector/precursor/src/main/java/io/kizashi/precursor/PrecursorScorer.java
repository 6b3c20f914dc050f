package io.kizashi.precursor;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.precursor.features.EntityFeatures;
import io.kizashi.precursor.features.FeatureSchema;
import io.kizashi.precursor.model.BundleRegistry;
import io.kizashi.precursor.model.ModelBundle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the service calls once per cycle of a job: given the newly scored buckets of the job's series, it
 * groups them by entity ({@link SeriesKey#entity()}), feeds each entity's feature extractor bucket by
 * bucket and returns the precursor probability per entity and bucket, stamped with the bundle that
 * produced it. Buckets at or before an entity's last fed bucket are ignored (replays are safe). Without a
 * bundle the features still advance, so a bundle that appears later starts warm, and nothing is returned.
 *
 * <p>Feature state is in memory only; after a restart an entity is warm again after {@code Windows.LONG}
 * buckets. At most {@code maxEntities} entities are kept (least recently fed are forgotten first).
 * Thread-safe; cheap (tens of microseconds per entity and bucket).
 */
public final class PrecursorScorer {

    /** Default bound on remembered entities. */
    public static final int DEFAULT_MAX_ENTITIES = 100_000;

    private final Supplier<Optional<ModelBundle>> bundles;
    private final FeatureSchema schema;
    private final int maxEntities;
    private final LinkedHashMap<String, Entity> entities = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * The probabilities of one cycle.
     *
     * @param modelId   the bundle that produced them, null when none was loaded
     * @param threshold that bundle's alert threshold (NaN when none was loaded)
     */
    public record Scores(Map<String, List<EntityProbability>> byEntity, String modelId, double threshold) {

        /** No bundle was loaded: no probabilities. */
        public static final Scores NONE = new Scores(Map.of(), null, Double.NaN);

        /**
         * The probability of a series' entity at each of its results' buckets (NaN where there is none), in the
         * order of {@code results}: what the results stage stores as {@code precursor_probability}.
         */
        public double[] forSeries(SeriesKey key, List<BucketResult> results) {
            double[] out = new double[results.size()];
            java.util.Arrays.fill(out, Double.NaN);
            List<EntityProbability> ps = byEntity.get(key.entity());
            if (ps == null) {
                return out;
            }
            Map<Instant, Double> at = new HashMap<>();
            ps.forEach(p -> at.put(p.timestamp(), p.probability()));
            for (int i = 0; i < out.length; i++) {
                out[i] = at.getOrDefault(results.get(i).timestamp(), Double.NaN);
            }
            return out;
        }
    }

    private static final class Entity {
        final EntityFeatures features;
        Instant last;

        Entity(FeatureSchema schema) {
            features = new EntityFeatures(schema);
        }
    }

    /** Uses whatever bundle the registry holds at each cycle (hot reload). */
    public PrecursorScorer(BundleRegistry registry, FeatureSchema schema) {
        this(registry::current, schema, DEFAULT_MAX_ENTITIES);
    }

    /** Uses one fixed bundle (CLI, notebooks, tests). */
    public PrecursorScorer(ModelBundle bundle) {
        this(() -> Optional.of(bundle), bundle.manifest().schema(), DEFAULT_MAX_ENTITIES);
    }

    public PrecursorScorer(Supplier<Optional<ModelBundle>> bundles, FeatureSchema schema, int maxEntities) {
        this.bundles = Objects.requireNonNull(bundles, "bundles");
        this.schema = Objects.requireNonNull(schema, "schema");
        if (maxEntities < 1) {
            throw new IllegalArgumentException("maxEntities must be >= 1, got " + maxEntities);
        }
        this.maxEntities = maxEntities;
    }

    /**
     * Scores one cycle.
     *
     * @param cycle per series, its new results in time order (series of several jobs may be mixed; the entity includes the job)
     */
    public synchronized Scores score(Map<SeriesKey, List<BucketResult>> cycle) {
        Optional<ModelBundle> bundle = bundles.get();
        // entity -> bucket -> metric -> result
        Map<String, TreeMap<Instant, Map<String, BucketResult>>> grouped = new LinkedHashMap<>();
        for (Map.Entry<SeriesKey, List<BucketResult>> e : cycle.entrySet()) {
            TreeMap<Instant, Map<String, BucketResult>> byTime = grouped.computeIfAbsent(e.getKey().entity(), k -> new TreeMap<>());
            for (BucketResult r : e.getValue()) {
                byTime.computeIfAbsent(r.timestamp(), t -> new LinkedHashMap<>()).put(e.getKey().metric(), r);
            }
        }
        Map<String, List<EntityProbability>> out = new TreeMap<>();
        String modelId = bundle.map(ModelBundle::id).orElse(null);
        for (Map.Entry<String, TreeMap<Instant, Map<String, BucketResult>>> e : grouped.entrySet()) {
            Entity ent = entities.computeIfAbsent(e.getKey(), k -> new Entity(schema));
            List<EntityProbability> ps = new ArrayList<>();
            for (Map.Entry<Instant, Map<String, BucketResult>> b : e.getValue().entrySet()) {
                if (ent.last != null && !b.getKey().isAfter(ent.last)) {
                    continue;
                }
                ent.last = b.getKey();
                double[] f = ent.features.observe(b.getKey(), b.getValue());
                if (bundle.isPresent()) {
                    ModelBundle mb = bundle.get();
                    double p = mb.model().probability(f);
                    ps.add(new EntityProbability(e.getKey(), b.getKey(), p, p >= mb.manifest().threshold(),
                            ent.features.warm(), modelId));
                }
            }
            if (!ps.isEmpty()) {
                out.put(e.getKey(), List.copyOf(ps));
            }
        }
        while (entities.size() > maxEntities) {
            entities.remove(entities.keySet().iterator().next());
        }
        return bundle.isEmpty() ? Scores.NONE : new Scores(out, modelId, bundle.get().manifest().threshold());
    }

    /** Entities currently remembered. */
    public synchronized int entities() {
        return entities.size();
    }

    /** Forgets an entity (e.g. its job was deleted). */
    public synchronized void forget(String entity) {
        entities.remove(entity);
    }
}
