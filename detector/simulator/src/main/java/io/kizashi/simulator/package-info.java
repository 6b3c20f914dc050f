/**
 * A simulated mobile-device-management platform on Kubernetes that writes Filebeat/ECS-style log
 * documents together with their ground truth (scripted incidents with precursors, deploys, and the
 * request intensity the generator used). Everything in this package is pure: a document set is a
 * function of the configuration (seed included) and a simulated-time interval, with no I/O and no
 * wall clock. Loading into Elasticsearch and files lives in {@code io.kizashi.simulator.load}.
 */
package io.kizashi.simulator;
