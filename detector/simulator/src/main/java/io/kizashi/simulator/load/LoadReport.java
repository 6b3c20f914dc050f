package io.kizashi.simulator.load;

import io.kizashi.elasticsearch.BulkIndexer;

import java.time.Duration;
import java.util.List;

/**
 * What a load did.
 *
 * @param documents documents generated (or read)
 * @param indexed   documents Elasticsearch accepted
 * @param failed    documents that could not be written (see {@code failures})
 * @param elapsed   wall time of the load
 * @param failures  the first item failures, in detail
 */
public record LoadReport(long documents, long indexed, long failed, Duration elapsed, List<BulkIndexer.ItemFailure> failures) {
    public LoadReport {
        failures = List.copyOf(failures);
    }

    public double docsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? indexed / s : 0;
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d documents, %d indexed, %d failed in %.1f s (%.0f docs/s)%s",
            documents, indexed, failed, elapsed.toNanos() / 1e9, docsPerSecond(),
            failures.isEmpty() ? "" : "; first failure: " + failures.getFirst());
    }
}
