/**
 * Several replicas sharing the jobs of one installation: Hazelcast membership (through Vert.x's cluster
 * manager), job ownership by rendezvous hashing over the live members with claims in a cluster-wide map,
 * and a fence in the datafeed's checkpoint so that a replica that lost a job cannot commit it any more.
 */
package io.kizashi.service.cluster;
