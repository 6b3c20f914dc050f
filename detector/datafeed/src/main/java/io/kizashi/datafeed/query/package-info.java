/**
 * The Elasticsearch side of a pull: the job's one aggregation query (composite over the split fields,
 * date_histogram per bucket_span, metric sub-aggregations; no scripts, no pipeline aggregations), its
 * paging, and the reading of its answers into {@link io.kizashi.datafeed.query.PulledData}.
 */
package io.kizashi.datafeed.query;
