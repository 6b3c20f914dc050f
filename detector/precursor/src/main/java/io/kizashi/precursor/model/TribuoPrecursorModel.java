package io.kizashi.precursor.model;

import io.kizashi.precursor.features.FeatureSchema;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

import java.util.Objects;

/** A Tribuo classifier with the labels "0"/"1", its feature schema and its calibration. Thread-safe for prediction. */
public final class TribuoPrecursorModel implements PrecursorModel {

    /** The positive label: an incident starts within the horizon. */
    public static final String POSITIVE = "1";
    public static final String NEGATIVE = "0";

    private final Model<Label> model;
    private final FeatureSchema schema;
    private final Calibration calibration;
    private final String[] names;

    public TribuoPrecursorModel(Model<Label> model, FeatureSchema schema, Calibration calibration) {
        this.model = Objects.requireNonNull(model, "model");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.names = schema.names().toArray(String[]::new);
        if (!model.generatesProbabilities()) {
            throw new IllegalArgumentException("model " + model.getName() + " does not produce probabilities; train a probabilistic classifier");
        }
        boolean hasPositive = model.getOutputIDInfo().getDomain().stream().anyMatch(l -> l.getLabel().equals(POSITIVE));
        if (!hasPositive) {
            throw new IllegalArgumentException("model has no output label '" + POSITIVE + "' (labels: "
                    + model.getOutputIDInfo().getDomain() + "); a precursor model predicts 0/1");
        }
    }

    @Override
    public FeatureSchema schema() {
        return schema;
    }

    public Model<Label> tribuoModel() {
        return model;
    }

    public Calibration calibration() {
        return calibration;
    }

    /** The classifier's own probability of the positive label, before calibration. */
    public double rawProbability(double[] features) {
        if (features.length != names.length) {
            throw new IllegalArgumentException("feature vector has " + features.length + " values but the schema has " + names.length);
        }
        ArrayExample<Label> ex = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, features);
        Prediction<Label> p = model.predict(ex);
        Label pos = p.getOutputScores().get(POSITIVE);
        return pos == null ? 0 : pos.getScore();
    }

    @Override
    public double probability(double[] features) {
        return calibration.apply(rawProbability(features));
    }

    /** Calibrated probabilities of many vectors in one call (much faster for tree ensembles than one by one). */
    public double[] probabilities(java.util.List<double[]> vectors) {
        java.util.List<org.tribuo.Example<Label>> exs = new java.util.ArrayList<>(vectors.size());
        for (double[] f : vectors) {
            if (f.length != names.length) {
                throw new IllegalArgumentException("feature vector has " + f.length + " values but the schema has " + names.length);
            }
            exs.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, f));
        }
        double[] out = new double[vectors.size()];
        if (exs.isEmpty()) {
            return out;
        }
        java.util.List<Prediction<Label>> ps = model.predict(exs);
        for (int i = 0; i < out.length; i++) {
            Label pos = ps.get(i).getOutputScores().get(POSITIVE);
            out[i] = calibration.apply(pos == null ? 0 : pos.getScore());
        }
        return out;
    }
}
