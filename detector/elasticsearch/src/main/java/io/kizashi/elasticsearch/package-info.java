/**
 * The Elasticsearch adapter: connection settings and client factory, a bulk indexer with bounded
 * batches and retries, and idempotent index/template administration. Everything here does I/O; the
 * pure detection core never depends on it.
 */
package io.kizashi.elasticsearch;
