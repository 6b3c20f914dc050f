/** Measurements of the embedded node (start time, memory, bulk rate); run by hand, not by the build. */
package io.kizashi.es.embedded.bench;
