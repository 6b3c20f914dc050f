package io.kizashi.precursor.train;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.math.optimisers.AdaGrad;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which classifier to train and with what parameters; recorded in the bundle's provenance.
 *
 * @param kind   {@code xgboost} (gradient-boosted trees) or {@code logistic} (logistic regression by SGD)
 * @param trees  boosting rounds (xgboost)
 * @param depth  maximum tree depth (xgboost)
 * @param eta    learning rate (xgboost: shrinkage; logistic: AdaGrad's initial rate)
 * @param epochs passes over the data (logistic)
 * @param seed   seed of every random choice of the trainer
 */
public record TrainerSpec(String kind, int trees, int depth, double eta, int epochs, long seed) {

    public static final String XGBOOST = "xgboost";
    public static final String LOGISTIC = "logistic";

    public TrainerSpec {
        kind = kind == null ? XGBOOST : kind.toLowerCase(Locale.ROOT);
        if (!kind.equals(XGBOOST) && !kind.equals(LOGISTIC)) {
            throw new IllegalArgumentException("trainer must be " + XGBOOST + " or " + LOGISTIC + ", got '" + kind + "'");
        }
        if (trees < 1 || trees > 5000) {
            throw new IllegalArgumentException("trees must be in 1..5000, got " + trees);
        }
        if (depth < 1 || depth > 16) {
            throw new IllegalArgumentException("depth must be in 1..16, got " + depth);
        }
        if (!(eta > 0 && eta <= 1)) {
            throw new IllegalArgumentException("eta must be in (0, 1], got " + eta);
        }
        if (epochs < 1 || epochs > 1000) {
            throw new IllegalArgumentException("epochs must be in 1..1000, got " + epochs);
        }
    }

    /** The shipped defaults: 150 trees of depth 3, eta 0.1 (xgboost); 10 epochs (logistic); seed 42. */
    public static TrainerSpec defaults(String kind) {
        return new TrainerSpec(kind, 150, 3, 0.1, 10, 42);
    }

    /** A Tribuo trainer built from this spec (single-threaded, so results do not depend on the machine). */
    public Trainer<Label> tribuoTrainer() {
        if (kind.equals(LOGISTIC)) {
            return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(eta, 0.1), epochs, 100_000, 1, seed);
        }
        // trees, eta, gamma, depth, min child weight, subsample, feature subsample, lambda, alpha, threads, silent, seed
        return new XGBoostClassificationTrainer(trees, eta, 0, depth, 1, 0.8, 0.8, 1, 0, 1, true, seed);
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        if (kind.equals(XGBOOST)) {
            m.put("trees", trees);
            m.put("depth", depth);
            m.put("eta", eta);
            m.put("subsample", 0.8);
            m.put("feature_subsample", 0.8);
            m.put("threads", 1);
        } else {
            m.put("objective", "log-loss (LogMulticlass)");
            m.put("optimiser", "AdaGrad(" + eta + ", 0.1)");
            m.put("epochs", epochs);
        }
        m.put("seed", seed);
        m.put("tribuo_trainer", tribuoTrainer().toString());
        return m;
    }
}
