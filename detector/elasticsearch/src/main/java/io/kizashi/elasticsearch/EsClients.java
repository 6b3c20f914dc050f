package io.kizashi.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/** Builds an {@link ElasticsearchClient} (rest5 transport, Jackson mapper) from an {@link EsConnectionConfig}. */
public final class EsClients {

    private EsClients() {
    }

    /** A new client; close it when done (it owns an HTTP connection pool). */
    public static ElasticsearchClient create(EsConnectionConfig config) {
        return create(config, new ObjectMapper());
    }

    /** A new client whose JSON (de)serialisation uses the given Jackson mapper. */
    public static ElasticsearchClient create(EsConnectionConfig config, ObjectMapper objectMapper) {
        Rest5ClientBuilder builder = Rest5Client.builder(config.urls());
        List<Header> headers = new ArrayList<>();
        if (config.username() != null) {
            String token = Base64.getEncoder().encodeToString(
                (config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
            headers.add(new BasicHeader("Authorization", "Basic " + token));
        } else if (config.apiKey() != null) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + config.apiKey()));
        }
        if (!headers.isEmpty()) {
            builder.setDefaultHeaders(headers.toArray(Header[]::new));
        }
        if (config.caCertificate() != null) {
            builder.setSSLContext(sslContext(config));
        }
        Timeout connect = Timeout.ofMilliseconds(config.connectTimeout().toMillis());
        Timeout request = Timeout.ofMilliseconds(config.requestTimeout().toMillis());
        builder.setConnectionConfigCallback(c -> c.setConnectTimeout(connect).setSocketTimeout(request));
        builder.setRequestConfigCallback(r -> r.setResponseTimeout(request).setConnectionRequestTimeout(connect));
        Rest5Client low = builder.build();
        return new ElasticsearchClient(new Rest5ClientTransport(low, new JacksonJsonpMapper(objectMapper)));
    }

    /** Trusts exactly the certificates in the configured PEM file (a CA or a self-signed server cert). */
    static SSLContext sslContext(EsConnectionConfig config) {
        try (InputStream in = Files.newInputStream(config.caCertificate())) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("CA certificate file " + config.caCertificate()
                    + " holds no certificate: give a PEM file with at least one '-----BEGIN CERTIFICATE-----' block");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CA certificate file " + config.caCertificate() + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("CA certificate file " + config.caCertificate()
                + " is not a usable PEM X.509 certificate: " + e.getMessage(), e);
        }
    }
}
