/**
 * Checkpoints: the versioned per-job {@link io.kizashi.datafeed.checkpoint.DatafeedState} (checkpoint,
 * known series, recent bucket counts, pending revisions), its JSON mapper, and its store in an
 * Elasticsearch state index with conditional writes.
 */
package io.kizashi.datafeed.checkpoint;
