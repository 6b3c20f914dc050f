/**
 * I/O around the pure simulator: Elasticsearch index template and backfill, live streaming driven by
 * a {@link io.kizashi.simulator.SimulationClock}, NDJSON export and ingest, and ground-truth files.
 */
package io.kizashi.simulator.load;
