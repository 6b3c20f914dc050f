package io.kizashi.evaluation.reference;

/**
 * Summation in the order NumPy uses for a contiguous float64 array (eight interleaved partial sums
 * in blocks of up to 128, halves recursively above), so that ported reference detectors reproduce
 * NumPy's means and deviations to the bit.
 */
final class PairwiseSum {

    private static final int BLOCK = 128;

    private PairwiseSum() {
    }

    static double of(double[] a, int from, int n) {
        if (n < 8) {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        if (n <= BLOCK) {
            double r0 = a[from];
            double r1 = a[from + 1];
            double r2 = a[from + 2];
            double r3 = a[from + 3];
            double r4 = a[from + 4];
            double r5 = a[from + 5];
            double r6 = a[from + 6];
            double r7 = a[from + 7];
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                r0 += a[from + i];
                r1 += a[from + i + 1];
                r2 += a[from + i + 2];
                r3 += a[from + i + 3];
                r4 += a[from + i + 4];
                r5 += a[from + i + 5];
                r6 += a[from + i + 6];
                r7 += a[from + i + 7];
            }
            double sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return of(a, from, half) + of(a, from + half, n - half);
    }
}
