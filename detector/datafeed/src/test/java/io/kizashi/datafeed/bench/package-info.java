/** Benchmarks of the datafeed against the embedded node (not tests; run with the bench profile). */
package io.kizashi.datafeed.bench;
