package io.kizashi.elasticsearch;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EsConnectionConfigTest {

    @Test
    void secretsNeverAppearInToString() {
        EsConnectionConfig basic = EsConnectionConfig.of("http://127.0.0.1:9200").withBasicAuth("elastic", "s3cr3t-pw");
        assertThat(basic.toString()).contains("elastic").doesNotContain("s3cr3t-pw");
        EsConnectionConfig key = EsConnectionConfig.of("https://es.example:9243").withApiKey("QmFzZTY0S2V5OnNlY3JldA==");
        assertThat(key.toString()).contains("apiKey(***)").doesNotContain("QmFzZTY0S2V5OnNlY3JldA==");
    }

    @Test
    void parsesCommaSeparatedUrlsAndDefaultsTimeouts() {
        EsConnectionConfig c = EsConnectionConfig.parse(" http://a:9200 , http://b:9200,");
        assertThat(c.urls()).containsExactly(URI.create("http://a:9200"), URI.create("http://b:9200"));
        assertThat(c.connectTimeout()).isEqualTo(EsConnectionConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(c.requestTimeout()).isEqualTo(EsConnectionConfig.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void rejectsBadInputWithMessagesThatNameTheProblem() {
        assertThatThrownBy(() -> EsConnectionConfig.of("localhost:9200")).hasMessageContaining("http://");
        assertThatThrownBy(() -> EsConnectionConfig.of("http://user:pw@host:9200"))
            .hasMessageContaining("carries credentials").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> new EsConnectionConfig(List.of(), null, null, null, null, null, null)).hasMessageContaining("urls is empty");
        assertThatThrownBy(() -> EsConnectionConfig.of("http://h:1").withBasicAuth("u", null)).hasMessageContaining("username and password");
        assertThatThrownBy(() -> new EsConnectionConfig(List.of(URI.create("http://h:1")), "u", "p", "k", null, null, null))
            .hasMessageContaining("not both");
        assertThatThrownBy(() -> EsConnectionConfig.of("http://h:1").withTimeouts(Duration.ZERO, null)).hasMessageContaining("connectTimeout");
    }

    @Test
    void caCertificateFileWithoutCertificateIsExplained(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        EsConnectionConfig c = EsConnectionConfig.of("https://127.0.0.1:9200").withCaCertificate(pem);
        assertThatThrownBy(() -> EsClients.sslContext(c)).hasMessageContaining(pem.toString());
        EsConnectionConfig missing = EsConnectionConfig.of("https://127.0.0.1:9200").withCaCertificate(dir.resolve("nope.pem"));
        assertThatThrownBy(() -> EsClients.sslContext(missing)).hasMessageContaining("cannot read CA certificate file");
    }

    @Test
    void indexDocumentRejectsMissingIdAndSerialisesMaps() {
        assertThatThrownBy(() -> IndexDocument.of("ix", "", java.util.Map.of("a", 1))).hasMessageContaining("deterministic id");
        IndexDocument d = IndexDocument.of("ix", "id-1", java.util.Map.of("a", 1));
        assertThat(d.jsonString()).isEqualTo("{\"a\":1}");
        assertThat(d).isEqualTo(IndexDocument.of("ix", "id-1", java.util.Map.of("a", 1)));
    }
}
