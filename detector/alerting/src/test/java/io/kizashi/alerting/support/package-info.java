/** Test support: a hand-moved clock (the webhook receiver and the Alertmanager process are in the testkit). */
package io.kizashi.alerting.support;
