package io.kizashi.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends documents to Elasticsearch in bounded bulk batches (by count and bytes), retrying rejected
 * items (429/503) and connection errors with bounded exponential backoff, and collecting a clear
 * failure record per item that could not be written. Batches are sent on up to {@code concurrency}
 * background threads so that producing documents and indexing overlap; {@link #add} blocks when all
 * of them are busy (back-pressure).
 *
 * <p>Not thread-safe for concurrent {@link #add} calls: one producer per indexer.
 */
public final class BulkIndexer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BulkIndexer.class.getName());

    /**
     * Batch and retry limits.
     *
     * @param maxDocs         documents per bulk request
     * @param maxBytes        source bytes per bulk request (a single larger document is sent alone)
     * @param maxRetries      retries of a batch or item after the first attempt
     * @param initialBackoff  wait before the first retry; doubles per retry
     * @param maxBackoff      cap of the wait between retries
     * @param concurrency     bulk requests in flight at once
     * @param keptFailures    how many item failures to keep in detail (all are counted)
     */
    public record Options(int maxDocs, long maxBytes, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                          int concurrency, int keptFailures) {
        public Options {
            if (maxDocs < 1) {
                throw new IllegalArgumentException("maxDocs must be >= 1, got " + maxDocs);
            }
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
            }
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
            }
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + " and " + maxBackoff);
            }
            if (concurrency < 1 || concurrency > 16) {
                throw new IllegalArgumentException("concurrency must be in 1..16, got " + concurrency);
            }
            if (keptFailures < 0) {
                throw new IllegalArgumentException("keptFailures must be >= 0, got " + keptFailures);
            }
        }

        /** 2,000 docs or 5 MiB per request, 5 retries from 200 ms up to 10 s, 2 requests in flight. */
        public static Options defaults() {
            return new Options(2_000, 5L << 20, 5, Duration.ofMillis(200), Duration.ofSeconds(10), 2, 100);
        }

        public Options withBatch(int docs, long bytes) {
            return new Options(docs, bytes, maxRetries, initialBackoff, maxBackoff, concurrency, keptFailures);
        }

        public Options withRetries(int retries, Duration initial, Duration max) {
            return new Options(maxDocs, maxBytes, retries, initial, max, concurrency, keptFailures);
        }

        public Options withConcurrency(int n) {
            return new Options(maxDocs, maxBytes, maxRetries, initialBackoff, maxBackoff, n, keptFailures);
        }
    }

    /** Why one document was not written. {@code status} is the HTTP status of the item (0 for a connection error). */
    public record ItemFailure(String index, String id, int status, String errorType, String reason) {
        @Override
        public String toString() {
            return index + "/" + id + ": " + (status == 0 ? "" : status + " ") + errorType + ": " + reason;
        }
    }

    /** Totals so far: documents written, documents that failed for good, retries spent, requests sent. */
    public record Result(long indexed, long failed, long retries, long requests, List<ItemFailure> failures) {
        public Result {
            failures = List.copyOf(failures);
        }

        public boolean ok() {
            return failed == 0;
        }

        /** One line for logs and CLI output. */
        public String summary() {
            return indexed + " indexed, " + failed + " failed, " + retries + " retries in " + requests + " bulk requests"
                + (failures.isEmpty() ? "" : "; first failure: " + failures.getFirst());
        }
    }

    private final ElasticsearchClient client;
    private final Options options;
    private final ExecutorService senders;
    private final Semaphore inFlight;
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final List<ItemFailure> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());

    private List<IndexDocument> batch = new ArrayList<>();
    private long batchBytes;
    private boolean closed;

    public BulkIndexer(ElasticsearchClient client, Options options) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.senders = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "kizashi-bulk");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new Semaphore(options.concurrency());
    }

    public BulkIndexer(ElasticsearchClient client) {
        this(client, Options.defaults());
    }

    /** Queues one document; sends a batch when it is full (blocking while all senders are busy). */
    public void add(IndexDocument doc) {
        Objects.requireNonNull(doc, "doc");
        if (closed) {
            throw new IllegalStateException("BulkIndexer is closed");
        }
        long size = doc.json().length + doc.id().length() + doc.index().length() + 48L;
        if (!batch.isEmpty() && (batch.size() >= options.maxDocs() || batchBytes + size > options.maxBytes())) {
            dispatch();
        }
        batch.add(doc);
        batchBytes += size;
    }

    public void addAll(Iterable<IndexDocument> docs) {
        for (IndexDocument d : docs) {
            add(d);
        }
    }

    /** Sends what is queued and waits until every batch sent so far is done (written or failed for good). */
    public Result flush() {
        if (!batch.isEmpty()) {
            dispatch();
        }
        inFlight.acquireUninterruptibly(options.concurrency());
        inFlight.release(options.concurrency());
        if (!unexpected.isEmpty()) {
            Throwable t = unexpected.getFirst();
            throw new IllegalStateException("bulk indexing failed unexpectedly: " + t, t);
        }
        return result();
    }

    /** Totals so far (batches still in flight are not yet counted). */
    public Result result() {
        synchronized (failures) {
            return new Result(indexed.get(), failed.get(), retries.get(), requests.get(), failures);
        }
    }

    /** Flushes, stops the sender threads and returns the totals. The client stays open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            senders.shutdown();
        }
    }

    private void dispatch() {
        List<IndexDocument> toSend = batch;
        batch = new ArrayList<>(Math.min(options.maxDocs(), 4096));
        batchBytes = 0;
        inFlight.acquireUninterruptibly();
        try {
            senders.execute(() -> {
                try {
                    send(toSend);
                } catch (Throwable t) {
                    unexpected.add(t);
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    private void send(List<IndexDocument> docs) {
        List<IndexDocument> pending = docs;
        for (int attempt = 0; ; attempt++) {
            boolean lastAttempt = attempt >= options.maxRetries();
            requests.incrementAndGet();
            BulkResponse response;
            try {
                response = client.bulk(request(pending));
            } catch (IOException | ElasticsearchException e) {
                // The whole request failed (connection refused/reset, timeout, 429/5xx for the request).
                int status = e instanceof TransportException te ? te.statusCode()
                    : e instanceof ElasticsearchException ee ? ee.status() : 0;
                if (!lastAttempt && (status == 0 || status == 429 || status >= 500)) {
                    LOG.log(System.Logger.Level.DEBUG, "bulk request of {0} docs failed ({1}), retrying", pending.size(), e.toString());
                    retries.addAndGet(pending.size());
                    sleep(attempt);
                    continue;
                }
                String type = e instanceof ElasticsearchException ee && ee.error() != null ? ee.error().type()
                    : status == 0 ? "connection_error" : "http_" + status;
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                for (IndexDocument d : pending) {
                    fail(new ItemFailure(d.index(), d.id(), status, type, reason
                        + (lastAttempt && options.maxRetries() > 0 ? " (gave up after " + options.maxRetries() + " retries)" : "")));
                }
                return;
            }
            List<IndexDocument> retry = new ArrayList<>();
            List<BulkResponseItem> items = response.items();
            if (items.size() != pending.size()) {
                throw new IllegalStateException("bulk response has " + items.size() + " items for " + pending.size() + " documents");
            }
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                IndexDocument d = pending.get(i);
                if (item.error() == null) {
                    indexed.incrementAndGet();
                } else if ((item.status() == 429 || item.status() == 503) && !lastAttempt) {
                    retry.add(d);
                } else {
                    ErrorCause err = item.error();
                    fail(new ItemFailure(d.index(), d.id(), item.status(), err.type(), describe(err)
                        + (item.status() == 429 || item.status() == 503 ? " (gave up after " + options.maxRetries() + " retries)" : "")));
                }
            }
            if (retry.isEmpty()) {
                return;
            }
            retries.addAndGet(retry.size());
            sleep(attempt);
            pending = retry;
        }
    }

    private BulkRequest request(List<IndexDocument> docs) {
        List<BulkOperation> ops = new ArrayList<>(docs.size());
        for (IndexDocument d : docs) {
            BinaryData source = BinaryData.of(d.json(), ContentType.APPLICATION_JSON);
            ops.add(BulkOperation.of(b -> b.index(ix -> ix.index(d.index()).id(d.id()).document(source))));
        }
        return BulkRequest.of(b -> b.operations(ops));
    }

    private void fail(ItemFailure f) {
        failed.incrementAndGet();
        synchronized (failures) {
            if (failures.size() < options.keptFailures()) {
                failures.add(f);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "document not indexed: {0}", f);
    }

    private static String describe(ErrorCause err) {
        String reason = err.reason() == null ? "" : err.reason();
        ErrorCause cause = err.causedBy();
        if (cause != null && cause.reason() != null) {
            reason += " (caused by " + cause.type() + ": " + cause.reason() + ")";
        }
        return reason;
    }

    private void sleep(int attempt) {
        long initial = options.initialBackoff().toMillis();
        long wait = Math.min(options.maxBackoff().toMillis(), initial << Math.min(attempt, 20));
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off between bulk retries", e);
        }
    }
}
