/**
 * Durability in Elasticsearch: the outbox of alert transitions (recorded before delivery, idempotency key
 * as document id, per-receiver delivery status, retries with backoff), the engine's state, and the
 * false-positive feedback. Only plain index/create/get/search/bulk: no scripts, no _update_by_query.
 */
package io.kizashi.alerting.outbox;
