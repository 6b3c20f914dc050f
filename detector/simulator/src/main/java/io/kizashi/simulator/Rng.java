package io.kizashi.simulator;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Stable hashing and sampling helpers; every random stream is derived from the seed and a key. */
final class Rng {

    private Rng() {
    }

    /** SplitMix64's finaliser: a good 64-bit mixer, stable across JVMs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long mix(long a, long b) {
        return mix(a * 0x9e3779b97f4a7c15L + mix(b));
    }

    static long mix(long a, long b, long c) {
        return mix(mix(a, b), c);
    }

    /** FNV-1a over UTF-8, then mixed: a stable 64-bit hash of a name (String.hashCode is only 32 bits). */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    static SplittableRandom stream(long... keys) {
        long h = 0x5DEECE66DL;
        for (long k : keys) {
            h = mix(h, k);
        }
        return new SplittableRandom(h);
    }

    /** Uniform in [0,1) from a hash. */
    static double unit(long h) {
        return (mix(h) >>> 11) * 0x1.0p-53;
    }

    /** Poisson sample: Knuth's product method for small means, a rounded normal for large ones. */
    static int poisson(SplittableRandom r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 40) {
            double limit = Math.exp(-mean);
            double p = r.nextDouble();
            int k = 0;
            while (p > limit) {
                p *= r.nextDouble();
                k++;
            }
            return k;
        }
        return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
    }

    static double lognormal(SplittableRandom r, double median, double sigma) {
        return median * Math.exp(sigma * r.nextGaussian());
    }

    /** Picks an index from a cumulative weight table (last entry = total). */
    static int pick(SplittableRandom r, double[] cumulative) {
        double x = r.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double s = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException("weight " + i + " is negative: " + weights[i]);
            }
            s += weights[i];
            c[i] = s;
        }
        if (s <= 0) {
            throw new IllegalArgumentException("weights sum to 0");
        }
        return c;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Kubernetes' alphabet for generated name suffixes (no vowels, no confusable digits). */
    private static final char[] K8S = "bcdfghjklmnpqrstvwxz2456789".toCharArray();

    static String hex(long h, int chars) {
        StringBuilder sb = new StringBuilder(chars);
        long x = h;
        for (int i = 0; i < chars; i++) {
            if (i > 0 && i % 16 == 0) {
                x = mix(h + i); // fresh bits from the original hash for every further 16 digits
            }
            sb.append(HEX[(int) (x & 15)]);
            x >>>= 4;
        }
        return sb.toString();
    }

    static String k8sSuffix(long h, int chars) {
        StringBuilder sb = new StringBuilder(chars);
        long x = mix(h) >>> 1;
        for (int i = 0; i < chars; i++) {
            sb.append(K8S[(int) (x % K8S.length)]);
            x /= K8S.length;
        }
        return sb.toString();
    }
}
