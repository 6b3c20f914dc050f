/**
 * JUnit support for tests against a real Elasticsearch: one shared node per test JVM (started on first
 * use, in a temp dir), a ready client, and per-test index-name prefixes that are cleaned up; and Debian's
 * real Alertmanager as a child process for the alerting tests.
 */
package io.kizashi.testkit;
