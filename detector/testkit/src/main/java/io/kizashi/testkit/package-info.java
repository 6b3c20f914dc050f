/**
 * JUnit support for tests against a real Elasticsearch: one shared node per test JVM (started on first
 * use, in a temp dir), a ready client, and per-test index-name prefixes that are cleaned up; Debian's
 * real Alertmanager as a child process and a loopback webhook receiver for the alerting and service tests;
 * a clock that tests move by hand.
 */
package io.kizashi.testkit;
