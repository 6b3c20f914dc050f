/**
 * Test support: seeded logs with known structure ({@link io.kizashi.datafeed.testing.TestLogs}), the
 * brute-force reference answer of a job that uses every function ({@link io.kizashi.datafeed.testing.BruteForce}),
 * and a recording consumer (the hand-moved clock is the testkit's MutableClock).
 */
package io.kizashi.datafeed.testing;
