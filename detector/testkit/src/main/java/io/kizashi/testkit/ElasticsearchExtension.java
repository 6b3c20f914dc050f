package io.kizashi.testkit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.es.embedded.EmbeddedElasticsearch;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.net.URI;
import java.util.Set;

/**
 * Injects the JVM's shared Elasticsearch node into test constructors and methods. Parameter types:
 * <ul>
 *   <li>{@link ElasticsearchClient}: a ready client (shared; do not close it)</li>
 *   <li>{@link IndexPrefix}: unique to the test method (to the class with a per-class lifecycle);
 *       indices and templates named with it are deleted when the test ends</li>
 *   <li>{@link URI}: the node's base URL</li>
 *   <li>{@link SharedElasticsearch}: the node itself, to restart or stop it</li>
 *   <li>{@link EmbeddedElasticsearch}: the current process handle (replaced by a restart)</li>
 * </ul>
 * The node starts on first use and stops when the JUnit run ends. Use via {@link WithElasticsearch}.
 */
public final class ElasticsearchExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ElasticsearchExtension.class);
    private static final Set<Class<?>> TYPES =
        Set.of(ElasticsearchClient.class, IndexPrefix.class, URI.class, SharedElasticsearch.class, EmbeddedElasticsearch.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return TYPES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SharedElasticsearch es = shared(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == ElasticsearchClient.class) {
            return es.client();
        }
        if (type == IndexPrefix.class) {
            return context.getStore(NAMESPACE)
                .computeIfAbsent(PrefixScope.class, k -> new PrefixScope(es, es.newIndexPrefix(context.getRequiredTestClass())),
                    PrefixScope.class)
                .prefix();
        }
        if (type == URI.class) {
            return es.uri();
        }
        if (type == EmbeddedElasticsearch.class) {
            return es.node();
        }
        return es;
    }

    /** Constructor parameters resolve in the test method's context, so a prefix is per test, not per class. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    /** The shared node, registered once in the root store so JUnit stops it when the whole run ends. */
    private static SharedElasticsearch shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
            .computeIfAbsent(RootScope.class, k -> new RootScope(SharedElasticsearch.get()), RootScope.class)
            .es();
    }

    private record RootScope(SharedElasticsearch es) implements AutoCloseable {
        @Override
        public void close() {
            es.shutdown();
        }
    }

    /** Closed by JUnit when its context (test method or class) ends: removes what the test created. */
    private record PrefixScope(SharedElasticsearch es, IndexPrefix prefix) implements AutoCloseable {
        @Override
        public void close() {
            es.deleteAll(prefix);
        }
    }
}
