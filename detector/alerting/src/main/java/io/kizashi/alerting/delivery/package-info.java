/**
 * Delivery of alert notifications: Alertmanager API v2 (with re-sends while firing), a generic webhook with
 * Alertmanager's webhook payload, and Slack-compatible incoming webhooks. One bounded attempt per call over
 * java.net.http; retries live in the outbox. URLs that may hold secrets are redacted in every message.
 */
package io.kizashi.alerting.delivery;
