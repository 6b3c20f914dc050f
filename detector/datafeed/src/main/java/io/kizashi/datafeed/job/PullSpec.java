package io.kizashi.datafeed.job;

import java.time.Duration;
import java.util.Objects;

/**
 * How a job queries Elasticsearch. The defaults suit most jobs; tests force tiny pages.
 *
 * @param pageSize       most split-value combinations per composite page (1..10000, default 5000); the
 *                       datafeed asks for fewer when the job has fewer (its known series + 25 %)
 * @param maxBuckets     most buckets one request may create, counted as Elasticsearch's search.max_buckets
 *                       counts them (page size x (time buckets + 1)); keep it below that cluster setting
 *                       (65536 by default). Default 50000. A too_many_buckets answer halves it at run time
 * @param maxChunk       longest time range one backfill request covers (default 1d)
 * @param requestTimeout client-side timeout of each request (default 30s)
 * @param retries        immediate retries of a failed request inside one pull (default 2)
 * @param retryBackoff   wait before the first immediate retry, doubling (default 500ms)
 * @param pauseBackoff   after a pull fails for good, the job pauses this long, doubling per failure (default 10s)
 * @param maxPause       cap of that pause (default 5m)
 */
public record PullSpec(int pageSize, int maxBuckets, Duration maxChunk, Duration requestTimeout, int retries,
                       Duration retryBackoff, Duration pauseBackoff, Duration maxPause) {

    public static final PullSpec DEFAULTS = new PullSpec(5000, 50_000, Duration.ofDays(1), Duration.ofSeconds(30), 2,
        Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(5));

    public PullSpec {
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("page_size must be in 1..10000, got " + pageSize);
        }
        if (maxBuckets < 1 || maxBuckets > 1_000_000) {
            throw new IllegalArgumentException("max_buckets must be in 1..1000000, got " + maxBuckets);
        }
        positive(maxChunk, "max_chunk");
        positive(requestTimeout, "request_timeout");
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("retries must be in 0..10, got " + retries);
        }
        Objects.requireNonNull(retryBackoff, "retry_backoff");
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retry_backoff must be >= 0, got " + retryBackoff);
        }
        positive(pauseBackoff, "pause_backoff");
        positive(maxPause, "max_pause");
        if (maxPause.compareTo(pauseBackoff) < 0) {
            throw new IllegalArgumentException("max_pause " + maxPause + " must be >= pause_backoff " + pauseBackoff);
        }
    }

    public PullSpec withPageSize(int n) {
        return new PullSpec(n, maxBuckets, maxChunk, requestTimeout, retries, retryBackoff, pauseBackoff, maxPause);
    }

    public PullSpec withMaxBuckets(int n) {
        return new PullSpec(pageSize, n, maxChunk, requestTimeout, retries, retryBackoff, pauseBackoff, maxPause);
    }

    public PullSpec withMaxChunk(Duration d) {
        return new PullSpec(pageSize, maxBuckets, d, requestTimeout, retries, retryBackoff, pauseBackoff, maxPause);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
