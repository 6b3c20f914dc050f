package io.kizashi.results;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to find sample requests of one series' bucket in the source logs: the job's indices, time field
 * and filter, the series' split values, and for the metric an optional extra filter (e.g. the 5xx
 * numerator of an error ratio) and a sort (e.g. slowest first for a latency metric).
 *
 * @param filterJson      the job's filter (query DSL object) or null
 * @param extraFilterJson the metric's own filter or null
 * @param sortField       field to sort by, or null for the most recent first
 */
public record SampleSpec(List<String> indices, String timeField, String filterJson, Map<String, String> splits,
                         String extraFilterJson, String sortField, boolean descending, String idField, int size) {

    public static final String DEFAULT_ID_FIELD = "http.request.id";

    public SampleSpec {
        indices = List.copyOf(indices);
        if (indices.isEmpty()) {
            throw new IllegalArgumentException("a sample needs at least one index");
        }
        Objects.requireNonNull(timeField, "timeField");
        splits = Map.copyOf(splits);
        Objects.requireNonNull(idField, "idField");
        if (size < 1 || size > 100) {
            throw new IllegalArgumentException("sample size must be 1..100, got " + size);
        }
    }
}
