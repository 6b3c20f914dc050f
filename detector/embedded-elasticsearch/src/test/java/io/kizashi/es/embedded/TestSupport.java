package io.kizashi.es.embedded;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;

import java.net.URI;
import java.nio.file.Path;

/** Shared bits of this module's tests: the AOT cache location and a client for a node. */
final class TestSupport {

    private TestSupport() {}

    static Path aotCacheDir() {
        return EmbeddedElasticsearch.defaultAotCacheDir();
    }

    static EmbeddedElasticsearch.Builder builder(Path dataDir) {
        return EmbeddedElasticsearch.builder().dataDir(dataDir).aotCacheDir(aotCacheDir());
    }

    static ElasticsearchClient client(URI uri) {
        Rest5Client rest = Rest5Client.builder(uri).build();
        return new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
    }
}
