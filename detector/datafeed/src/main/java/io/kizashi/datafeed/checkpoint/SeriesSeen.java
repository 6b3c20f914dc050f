package io.kizashi.datafeed.checkpoint;

/**
 * When a known series (a combination of split values) had documents: its first and its latest bucket
 * with documents (bucket starts, epoch milliseconds).
 */
public record SeriesSeen(long firstMs, long lastMs) {

    public SeriesSeen {
        if (lastMs < firstMs) {
            throw new IllegalArgumentException("last seen " + lastMs + " is before first seen " + firstMs);
        }
    }
}
