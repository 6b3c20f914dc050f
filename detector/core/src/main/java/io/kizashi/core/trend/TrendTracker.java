package io.kizashi.core.trend;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

import java.time.Instant;

/**
 * Detects slow drifts (memory leaks, latency creep) in the deseasonalised level.
 *
 * <p>Values are averaged into blocks aligned on the epoch (an hour for minute buckets, longer for
 * coarse ones) and the last {@value #BLOCKS} block means are kept in a ring. After each block the
 * slope is fitted by least squares and tested with Mann-Kendall's S, whose variance is inflated by
 * (1 + r) / (1 - r) for a positive lag-one autocorrelation r of the residuals, so a slowly wandering
 * series is not mistaken for a trend. Cost: O(blocks²) once per block.
 */
public final class TrendTracker {

    static final int BLOCKS = 48;
    private static final int MIN_BLOCKS = 8;

    private final long blockSeconds;
    private final float[] means = new float[BLOCKS];
    private int count;
    private int head;
    private long currentBlock = Long.MIN_VALUE;
    private double sum;
    private int n;
    private long lastBlockEnd = Long.MIN_VALUE;

    private TrendTracker(long blockSeconds) {
        this.blockSeconds = blockSeconds;
    }

    /** Block length for a bucket span: one hour, or four buckets when buckets are longer than 15 minutes. */
    public static TrendTracker forBucketSeconds(double bucketSeconds) {
        long block = Math.max(3600, (long) Math.ceil(4 * bucketSeconds));
        return new TrendTracker(block);
    }

    public long blockSeconds() {
        return blockSeconds;
    }

    /**
     * Adds one bucket's deseasonalised value (already clipped against outliers).
     *
     * @return true when a block was completed and the estimate was refreshed
     */
    public boolean observe(long epochSecond, double value) {
        long block = blockOf(epochSecond);
        boolean refreshed = false;
        if (block != currentBlock) {
            if (n > 0) {
                push(currentBlock, sum / n);
                refreshed = true;
            }
            if (currentBlock != Long.MIN_VALUE && block > currentBlock + 1) {
                // a gap of whole blocks: the ring holds consecutive blocks only, so start again
                long missing = block - currentBlock - 1;
                if (missing >= BLOCKS / 4) {
                    count = 0;
                    head = 0;
                }
            }
            currentBlock = block;
            sum = 0;
            n = 0;
        }
        sum += value;
        n++;
        return refreshed;
    }

    /**
     * The estimate over the blocks held, or null before {@value #MIN_BLOCKS} blocks. Fitted on demand
     * (a few thousand operations) rather than kept: most series never need it, and it is not state.
     */
    public TrendEstimate estimate() {
        return count >= MIN_BLOCKS ? fit() : null;
    }

    /**
     * The block holding {@code epochSecond}. Consecutive buckets mostly fall in the current block, which
     * a multiplication recognises; the 64-bit division is left for the first bucket of a block.
     */
    private long blockOf(long epochSecond) {
        if (currentBlock != Long.MIN_VALUE) {
            long start = currentBlock * blockSeconds;
            if (epochSecond >= start && epochSecond - start < blockSeconds) {
                return currentBlock;
            }
        }
        return Math.floorDiv(epochSecond, blockSeconds);
    }

    /** Moves every held mean by {@code delta} (the baseline changed the rhythm it uses). */
    public void rebase(double delta) {
        for (int i = 0; i < BLOCKS; i++) {
            means[i] += (float) delta;
        }
        sum += delta * n;
    }

    private void push(long block, double mean) {
        means[head] = (float) mean;
        head = (head + 1) % BLOCKS;
        count = Math.min(count + 1, BLOCKS);
        lastBlockEnd = (block + 1) * blockSeconds;
    }

    private double at(int i) {
        // i = 0 is the oldest block in the ring
        return means[Math.floorMod(head - count + i, BLOCKS)];
    }

    private TrendEstimate fit() {
        int m = count;
        double tMean = (m - 1) / 2.0;
        double yMean = 0;
        for (int i = 0; i < m; i++) {
            yMean += at(i);
        }
        yMean /= m;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < m; i++) {
            double dx = i - tMean;
            sxx += dx * dx;
            sxy += dx * (at(i) - yMean);
        }
        double slopePerBlock = sxy / sxx;
        double rss = 0;
        double lag = 0;
        double prev = Double.NaN;
        for (int i = 0; i < m; i++) {
            double r = at(i) - (yMean + slopePerBlock * (i - tMean));
            rss += r * r;
            if (!Double.isNaN(prev)) {
                lag += r * prev;
            }
            prev = r;
        }
        double resVar = rss / Math.max(1, m - 2);
        double rho = rss > 0 ? Math.max(0, Math.min(0.95, lag / rss)) : 0;
        double inflation = (1 + rho) / (1 - rho);
        double seSlope = Math.sqrt(resVar / sxx * inflation);
        // Mann-Kendall S with the autocorrelation-inflated variance
        long s = 0;
        for (int i = 0; i < m - 1; i++) {
            double yi = at(i);
            for (int j = i + 1; j < m; j++) {
                double d = at(j) - yi;
                s += d > 0 ? 1 : d < 0 ? -1 : 0;
            }
        }
        double varS = m * (m - 1.0) * (2 * m + 5) / 18.0 * inflation;
        double zs = s == 0 ? 0 : (s - Math.signum(s)) / Math.sqrt(varS);
        double p = 2 * Normal.upperTail(Math.abs(zs));
        double levelNow = yMean + slopePerBlock * (m - 0.5 - tMean);
        Instant end = Instant.ofEpochSecond(lastBlockEnd);
        return new TrendEstimate(slopePerBlock / blockSeconds, seSlope / blockSeconds, p, levelNow, Math.sqrt(resVar),
                end.minusSeconds(m * blockSeconds), end, m);
    }

    public void write(StateWriter w) {
        w.i64(blockSeconds).floats(means).i32(count).i32(head).i64(currentBlock).f64(sum).i32(n).i64(lastBlockEnd);
    }

    public static TrendTracker read(StateReader r) {
        TrendTracker t = new TrendTracker(r.i64());
        float[] m = r.floats();
        if (m.length != BLOCKS) {
            throw new io.kizashi.core.state.CorruptStateException("trend ring of " + m.length + " blocks, expected " + BLOCKS);
        }
        System.arraycopy(m, 0, t.means, 0, BLOCKS);
        t.count = r.i32();
        t.head = r.i32();
        t.currentBlock = r.i64();
        t.sum = r.f64();
        t.n = r.i32();
        t.lastBlockEnd = r.i64();
        return t;
    }
}
