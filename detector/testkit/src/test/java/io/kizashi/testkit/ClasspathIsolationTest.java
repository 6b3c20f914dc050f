package io.kizashi.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The testkit depends on embedded-elasticsearch with a wildcard exclusion: ES server jars, their Netty
 * 4.1 and log4j-core must not reach a consumer's class path (the node has its own in the child JVM).
 */
class ClasspathIsolationTest {

    @Test
    void noElasticsearchServerClassesHere() {
        for (String cls : new String[] {
            "org.elasticsearch.node.Node",
            "org.elasticsearch.transport.netty4.Netty4Plugin",
            "io.netty.util.Version",
            "org.apache.lucene.util.Version",
            "org.apache.logging.log4j.core.LoggerContext"}) {
            assertThatThrownBy(() -> Class.forName(cls, false, getClass().getClassLoader()))
                .as(cls).isInstanceOf(ClassNotFoundException.class);
        }
    }
}
