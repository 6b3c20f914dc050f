package io.kizashi.precursor;

import java.time.Instant;
import java.util.Objects;

/**
 * The precursor probability of one entity at one bucket.
 *
 * @param entity      the entity ({@code SeriesKey.entity()})
 * @param timestamp   the bucket
 * @param probability calibrated probability that an incident starts within the model's horizon
 * @param alert       probability at or above the bundle's default threshold
 * @param warm        the entity's feature windows are full (before that, early buckets see less history)
 * @param modelId     the bundle that produced it ("name/version")
 */
public record EntityProbability(String entity, Instant timestamp, double probability, boolean alert, boolean warm, String modelId) {
    public EntityProbability {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(modelId, "modelId");
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
    }
}
