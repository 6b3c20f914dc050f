package io.kizashi.elasticsearch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an Elasticsearch cluster: node URLs, optional basic auth or API key, an optional CA
 * certificate (PEM) for TLS, and timeouts. Secrets never appear in {@link #toString()}.
 *
 * @param urls            one or more node URLs, e.g. {@code http://127.0.0.1:9200}
 * @param username        basic-auth user, or null
 * @param password        basic-auth password, or null (required when username is set)
 * @param apiKey          encoded API key (the base64 "id:key" value), or null; exclusive with basic auth
 * @param caCertificate   PEM file with the CA that signed the server certificate, or null (JDK trust store)
 * @param connectTimeout  TCP connect timeout
 * @param requestTimeout  how long to wait for a response (bulk requests included)
 */
public record EsConnectionConfig(
    List<URI> urls,
    String username,
    String password,
    String apiKey,
    Path caCertificate,
    Duration connectTimeout,
    Duration requestTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    public EsConnectionConfig {
        Objects.requireNonNull(urls, "urls");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("urls is empty: give at least one Elasticsearch URL, e.g. http://127.0.0.1:9200");
        }
        urls = List.copyOf(urls);
        for (URI u : urls) {
            String scheme = u.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("Elasticsearch URL '" + u + "' must start with http:// or https://");
            }
            if (u.getHost() == null) {
                throw new IllegalArgumentException("Elasticsearch URL '" + u + "' has no host: use e.g. http://127.0.0.1:9200");
            }
            if (u.getUserInfo() != null) {
                throw new IllegalArgumentException("Elasticsearch URL '" + u.getScheme() + "://" + u.getHost()
                    + "...' carries credentials: pass them as username/password or an API key instead");
            }
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together: set both or neither");
        }
        if (username != null && apiKey != null) {
            throw new IllegalArgumentException("set either username/password or apiKey, not both");
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey is blank: pass the encoded API key or leave it unset");
        }
        connectTimeout = positive(connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout, "connectTimeout");
        requestTimeout = positive(requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout, "requestTimeout");
    }

    /** Plain connection to the given URLs, no auth, default timeouts. */
    public static EsConnectionConfig of(String... urls) {
        return new EsConnectionConfig(Arrays.stream(urls).map(EsConnectionConfig::parseUrl).toList(),
            null, null, null, null, null, null);
    }

    /** Parses a comma-separated list of URLs, as given on a command line. */
    public static EsConnectionConfig parse(String commaSeparatedUrls) {
        Objects.requireNonNull(commaSeparatedUrls, "urls");
        return of(Arrays.stream(commaSeparatedUrls.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new));
    }

    public EsConnectionConfig withBasicAuth(String user, String pass) {
        return new EsConnectionConfig(urls, user, pass, null, caCertificate, connectTimeout, requestTimeout);
    }

    public EsConnectionConfig withApiKey(String key) {
        return new EsConnectionConfig(urls, null, null, key, caCertificate, connectTimeout, requestTimeout);
    }

    public EsConnectionConfig withCaCertificate(Path pem) {
        return new EsConnectionConfig(urls, username, password, apiKey, pem, connectTimeout, requestTimeout);
    }

    public EsConnectionConfig withTimeouts(Duration connect, Duration request) {
        return new EsConnectionConfig(urls, username, password, apiKey, caCertificate, connect, request);
    }

    public Optional<String> user() {
        return Optional.ofNullable(username);
    }

    @Override
    public String toString() {
        // Secrets stay out of logs and exception messages: only say that they are set.
        return "EsConnectionConfig[urls=" + urls
            + ", auth=" + (username != null ? "basic(" + username + ", password=***)" : apiKey != null ? "apiKey(***)" : "none")
            + ", caCertificate=" + caCertificate
            + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    private static URI parseUrl(String s) {
        try {
            return URI.create(s.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Elasticsearch URL '" + s + "' is not a valid URL: " + e.getMessage(), e);
        }
    }

    private static Duration positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }
}
