/**
 * Kizashi's alerting: rules as files ({@code rules}), a pure lifecycle engine ({@code engine}), delivery to
 * Alertmanager, webhooks and Slack ({@code delivery}), and a durable outbox with state and feedback in
 * Elasticsearch ({@code outbox}); {@link io.kizashi.alerting.AlertingService} ties them together for the service.
 */
package io.kizashi.alerting;
