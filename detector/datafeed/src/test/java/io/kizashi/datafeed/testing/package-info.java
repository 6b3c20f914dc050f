/**
 * Test support: seeded logs with known structure ({@link io.kizashi.datafeed.testing.TestLogs}), the
 * brute-force reference answer of a job that uses every function ({@link io.kizashi.datafeed.testing.BruteForce}),
 * a recording consumer and a hand-moved clock.
 */
package io.kizashi.datafeed.testing;
