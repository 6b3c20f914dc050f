package io.kizashi.datafeed.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest5_client.Rest5ClientOptions;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.TransportOptions;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs searches with a client-side timeout on every request, a few immediate retries with exponential
 * backoff for transient failures, and strict completeness: a timed-out or partial answer (shard
 * failures) is a failure, never data.
 */
public final class Searcher {

    /** Waits between retries; tests may pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final System.Logger LOG = System.getLogger(Searcher.class.getName());

    private final ElasticsearchClient client;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final Sleeper sleeper;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tookMs = new AtomicLong();

    public Searcher(ElasticsearchClient client, Duration timeout, int retries, Duration backoff, Sleeper sleeper) {
        this.client = withTimeout(Objects.requireNonNull(client, "client"), timeout);
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * The client with a per-request response timeout, when its transport is the rest5 one (as made by
     * EsClients); other transports keep their own timeouts.
     */
    static ElasticsearchClient withTimeout(ElasticsearchClient client, Duration timeout) {
        if (!(client._transport() instanceof Rest5ClientTransport)) {
            return client;
        }
        Timeout t = Timeout.ofMilliseconds(timeout.toMillis());
        RequestConfig config = RequestConfig.custom().setResponseTimeout(t).setConnectionRequestTimeout(t).build();
        // Start from the client's own options, so its headers (compatibility, user agent) are kept.
        TransportOptions current = client._transportOptions() != null ? client._transportOptions() : client._transport().options();
        Rest5ClientOptions.Builder options = Rest5ClientOptions.of(current).toBuilder();
        options.restClientRequestOptionsBuilder().setRequestConfig(config);
        return client.withTransportOptions(options.build());
    }

    /** The client (with timeouts) for other requests of the same job, e.g. its checkpoint. */
    public ElasticsearchClient client() {
        return client;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Requests sent so far (retries included). */
    public long requests() {
        return requests.get();
    }

    /** Sum of Elasticsearch's own "took" over the answers so far. */
    public long tookMs() {
        return tookMs.get();
    }

    /** One request to Elasticsearch, as a lambda that may throw what the client throws. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws IOException;
    }

    /** A search whose answer must be complete (not timed out, no failed shards), with retries. */
    public SearchResponse<Void> search(SearchRequest request) throws RequestFailure {
        return call("search", () -> {
            SearchResponse<Void> r = client.search(request, Void.class);
            tookMs.addAndGet(r.took());
            if (r.timedOut()) {
                throw new Incomplete("search timed out on the server after " + timeout.toMillis() + " ms");
            }
            if (r.shards().failed().intValue() > 0) {
                throw new Incomplete(r.shards().failed() + " of " + r.shards().total() + " shards failed: "
                    + (r.shards().failures().isEmpty() ? "" : describe(r.shards().failures().getFirst().reason())));
            }
            return r;
        });
    }

    /** Any request, with the same retries for transient failures; {@code what} names it in messages. */
    public <T> T call(String what, Call<T> call) throws RequestFailure {
        for (int attempt = 0; ; attempt++) {
            RequestFailure failure;
            try {
                requests.incrementAndGet();
                return call.call();
            } catch (Incomplete e) {
                failure = new RequestFailure(e.getMessage(), true, false, null);
            } catch (RuntimeException | IOException e) {
                failure = classify(e);
            }
            if (!failure.transientFailure() || attempt >= retries) {
                throw failure;
            }
            Duration wait = backoff.multipliedBy(1L << Math.min(attempt, 16));
            LOG.log(System.Logger.Level.DEBUG, "{0} failed ({1}); retry {2} of {3} in {4} ms", what, failure.getMessage(), attempt + 1,
                retries, wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new RequestFailure("interrupted while waiting to retry " + what + ": " + failure.getMessage(), true, false, failure);
            }
        }
    }

    /** An answer that arrived but cannot be used (timed out, partial). */
    private static final class Incomplete extends RuntimeException {
        Incomplete(String message) {
            super(message, null, false, false);
        }
    }

    /** Turns a client exception into a failure that says what happened and whether to retry. */
    public static RequestFailure classify(Exception e) {
        if (e instanceof ElasticsearchException ee) {
            int status = ee.status();
            boolean tooLarge = mentions(ee.error(), "too_many_buckets") || mentions(ee.error(), "circuit_breaking_exception");
            boolean transientStatus = status == 408 || status == 429 || status >= 500;
            return new RequestFailure("Elasticsearch answered " + status + ": " + describe(ee.error()), transientStatus && !tooLarge,
                tooLarge, e);
        }
        if (e instanceof TransportException te) {
            int status = te.statusCode();
            boolean transientStatus = status <= 0 || status == 408 || status == 429 || status >= 500;
            return new RequestFailure("request failed" + (status > 0 ? " with HTTP " + status : "") + ": " + message(e), transientStatus, false, e);
        }
        if (e instanceof IOException) {
            return new RequestFailure("cannot reach Elasticsearch: " + message(e), true, false, e);
        }
        return new RequestFailure("unexpected answer from Elasticsearch: " + message(e), false, false, e);
    }

    private static boolean mentions(ErrorCause c, String type) {
        if (c == null) {
            return false;
        }
        if (c.type() != null && c.type().contains(type)) {
            return true;
        }
        for (ErrorCause r : c.rootCause()) {
            if (mentions(r, type)) {
                return true;
            }
        }
        return mentions(c.causedBy(), type);
    }

    private static String describe(ErrorCause c) {
        if (c == null) {
            return "(no error detail)";
        }
        StringBuilder sb = new StringBuilder(c.type() == null ? "error" : c.type());
        if (c.reason() != null) {
            sb.append(": ").append(c.reason());
        }
        ErrorCause cause = !c.rootCause().isEmpty() ? c.rootCause().getFirst() : c.causedBy();
        if (cause != null && cause.reason() != null && !cause.reason().equals(c.reason())) {
            sb.append(" (caused by ").append(cause.type()).append(": ").append(cause.reason()).append(')');
        }
        return sb.toString();
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        Throwable c = e.getCause();
        if ((m == null || m.isBlank()) && c != null) {
            m = c.toString();
        }
        return m == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }
}
