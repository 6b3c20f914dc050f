/**
 * Starts and stops a real Elasticsearch node in a child JVM. Everything in this package uses only the
 * JDK, so consumers depend on this module with a wildcard exclusion and never get ES jars on their
 * class path; the node's own side lives in {@code io.kizashi.es.embedded.node}.
 */
package io.kizashi.es.embedded;
