package io.kizashi.precursor.features;

/** A fixed-capacity ring of doubles, oldest first; NaN marks a bucket without a value and is skipped by the statistics. */
final class Ring {
    private final double[] v;
    private int head;
    private int size;

    Ring(int capacity) {
        v = new double[capacity];
    }

    void push(double x) {
        v[head] = x;
        head = (head + 1) % v.length;
        if (size < v.length) {
            size++;
        }
    }

    int size() {
        return size;
    }

    /** The i-th of the last {@code k} values (0 = oldest of them); k must not exceed size(). */
    double last(int k, int i) {
        int idx = Math.floorMod(head - k + i, v.length);
        return v[idx];
    }

    double latest() {
        return size == 0 ? Double.NaN : v[Math.floorMod(head - 1, v.length)];
    }

    /** Mean of the finite values among the last k (0 when there are none). */
    double mean(int k, boolean abs) {
        k = Math.min(k, size);
        double s = 0;
        int n = 0;
        for (int i = 0; i < k; i++) {
            double x = last(k, i);
            if (!Double.isNaN(x)) {
                s += abs ? Math.abs(x) : x;
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }

    double max(int k) {
        k = Math.min(k, size);
        double m = 0;
        for (int i = 0; i < k; i++) {
            double x = last(k, i);
            if (!Double.isNaN(x) && x > m) {
                m = x;
            }
        }
        return m;
    }

    /** Population standard deviation of the finite values among the last k (0 with fewer than 2). */
    double std(int k) {
        k = Math.min(k, size);
        double s = 0;
        double ss = 0;
        int n = 0;
        for (int i = 0; i < k; i++) {
            double x = last(k, i);
            if (!Double.isNaN(x)) {
                s += x;
                ss += x * x;
                n++;
            }
        }
        if (n < 2) {
            return 0;
        }
        double m = s / n;
        return Math.sqrt(Math.max(0, ss / n - m * m));
    }

    /**
     * Least-squares slope per bucket of the finite values among the last k against their bucket position
     * (0 with fewer than 3 values).
     */
    double slope(int k, boolean abs) {
        k = Math.min(k, size);
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int i = 0; i < k; i++) {
            double y = last(k, i);
            if (!Double.isNaN(y)) {
                y = abs ? Math.abs(y) : y;
                sx += i;
                sy += y;
                sxx += (double) i * i;
                sxy += i * y;
                n++;
            }
        }
        if (n < 3) {
            return 0;
        }
        double den = n * sxx - sx * sx;
        return den == 0 ? 0 : (n * sxy - sx * sy) / den;
    }
}
