/** Test support: a local webhook receiver, a hand-moved clock, and a real Alertmanager process. */
package io.kizashi.alerting.support;
