package io.kizashi.precursor.model;

import io.kizashi.precursor.features.FeatureSchema;

/** The probability that an incident starts within the model's horizon, given one bucket's feature vector. */
public interface PrecursorModel {

    /** The schema of the vectors this model reads. */
    FeatureSchema schema();

    /**
     * Calibrated probability in [0, 1].
     *
     * @param features a vector in {@link #schema()} order
     */
    double probability(double[] features);

    /** Probabilities of many vectors; implementations may batch. */
    default double[] probabilities(java.util.List<double[]> vectors) {
        double[] out = new double[vectors.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = probability(vectors.get(i));
        }
        return out;
    }
}
