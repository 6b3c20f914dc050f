/**
 * The child JVM's side of the embedded node: its main class and the tiny plugin answering {@code GET /}.
 * Runs only on the node's own class path (ES server jars, Netty 4.1, log4j); never load these classes in
 * the service's JVM.
 */
package io.kizashi.es.embedded.node;
