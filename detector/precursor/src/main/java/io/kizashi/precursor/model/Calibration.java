package io.kizashi.precursor.model;

/**
 * Platt scaling of a raw model score: {@code p = 1 / (1 + exp(-(a * logit(raw) + b)))}. Fitted on buckets
 * later in time than the ones the model was trained on, so that "0.3" means about 30 % of such buckets
 * were followed by an incident within the horizon.
 */
public record Calibration(double a, double b) {

    public static final Calibration IDENTITY = new Calibration(1, 0);
    private static final double EPS = 1e-6;

    public Calibration {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("calibration coefficients must be finite, got a=" + a + " b=" + b);
        }
    }

    public double apply(double raw) {
        double x = logit(raw);
        return 1 / (1 + Math.exp(-(a * x + b)));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Cross-entropy against the smoothed targets, computed stably. */
    private static double loss(double[] x, double[] t, double a, double b) {
        double l = 0;
        for (int i = 0; i < x.length; i++) {
            double z = a * x[i] + b;
            // log(1 + e^z) - t z, without overflow
            double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            l += softplus - t[i] * z;
        }
        return l;
    }

    static double logit(double p) {
        double q = Math.max(EPS, Math.min(1 - EPS, p));
        return Math.log(q / (1 - q));
    }

    /**
     * Fits a and b by Newton's method on the log-loss with Platt's smoothed targets (robust when positives are few).
     * Returns {@link #IDENTITY} when there are no positives or no negatives; a fit with a negative slope is
     * replaced by slope 1 and a fitted offset.
     */
    public static Calibration fit(double[] raw, boolean[] positive) {
        Calibration c = fit(raw, positive, false);
        // A negative slope would invert the model's ranking on data it was not fitted on: keep the ranking
        // (slope 1) and only move the level to the observed rate.
        return c.a() > 0 ? c : fit(raw, positive, true);
    }

    private static Calibration fit(double[] raw, boolean[] positive, boolean slopeFixed) {
        int pos = 0;
        for (boolean y : positive) {
            pos += y ? 1 : 0;
        }
        int neg = positive.length - pos;
        if (pos == 0 || neg == 0) {
            return IDENTITY;
        }
        double hi = (pos + 1.0) / (pos + 2.0);
        double lo = 1.0 / (neg + 2.0);
        double[] x = new double[raw.length];
        double[] t = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            x[i] = logit(raw[i]);
            t[i] = positive[i] ? hi : lo;
        }
        double a = 1;
        double b = 0;
        double loss = loss(x, t, a, b);
        for (int it = 0; it < 100; it++) {
            double g1 = 0;
            double g2 = 0;
            double h11 = 1e-9;
            double h12 = 0;
            double h22 = 1e-9;
            for (int i = 0; i < x.length; i++) {
                double p = sigmoid(a * x[i] + b);
                double d = p - t[i];
                double w = p * (1 - p);
                g1 += d * x[i];
                g2 += d;
                h11 += w * x[i] * x[i];
                h12 += w * x[i];
                h22 += w;
            }
            double da;
            double db;
            if (slopeFixed) {
                da = 0;
                db = g2 / h22;
            } else {
                double det = h11 * h22 - h12 * h12;
                if (!(Math.abs(det) > 1e-12)) {
                    break;
                }
                da = (h22 * g1 - h12 * g2) / det;
                db = (h11 * g2 - h12 * g1) / det;
            }
            // backtracking: a Newton step that does not lower the loss is halved (Lin, Lin and Weng 2007 on Platt scaling)
            double step = 1;
            double next = loss(x, t, a - da, b - db);
            while (next > loss + 1e-12 && step > 1e-8) {
                step /= 2;
                next = loss(x, t, a - step * da, b - step * db);
            }
            if (next > loss + 1e-12) {
                break;
            }
            a -= step * da;
            b -= step * db;
            boolean done = loss - next < 1e-12 * Math.max(1, Math.abs(loss));
            loss = next;
            if (done) {
                break;
            }
        }
        return Double.isFinite(a) && Double.isFinite(b) ? new Calibration(a, b) : IDENTITY;
    }
}
