/**
 * Results and annotations written back to Elasticsearch for Kibana: deterministic ids, daily indices,
 * merged anomaly spans with sample request ids and Discover links, influencers, retention.
 */
package io.kizashi.results;
