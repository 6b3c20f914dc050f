/**
 * Datafeeds: pull a job's metrics from Elasticsearch as dense, time-bucketed series, incrementally and
 * restart-safe. {@link io.kizashi.datafeed.Datafeed} is the cycle API (nextCycle, pull, commit) with its
 * consumer contract; {@link io.kizashi.datafeed.BucketBatch} and {@link io.kizashi.datafeed.SeriesBuckets}
 * carry the buckets; {@link io.kizashi.datafeed.DatafeedStatus} reports state, progress and errors. Jobs
 * are defined in {@link io.kizashi.datafeed.job}.
 */
package io.kizashi.datafeed;
