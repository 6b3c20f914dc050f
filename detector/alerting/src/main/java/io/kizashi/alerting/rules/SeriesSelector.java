package io.kizashi.alerting.rules;

import io.kizashi.core.series.SeriesKey;

import java.util.List;
import java.util.Objects;

/**
 * Which series (or, for health rules, which jobs) a rule looks at: matchers on the job id, the metric
 * name and split field values. Empty lists match everything.
 *
 * @param job    matchers on the job id (all must match)
 * @param metric matchers on the metric name
 * @param splits matchers on split fields, by field name as in the job (e.g. {@code service.name})
 */
public record SeriesSelector(List<LabelMatcher> job, List<LabelMatcher> metric, List<LabelMatcher> splits) {

    public static final SeriesSelector ALL = new SeriesSelector(List.of(), List.of(), List.of());

    public SeriesSelector {
        job = List.copyOf(Objects.requireNonNull(job, "job"));
        metric = List.copyOf(Objects.requireNonNull(metric, "metric"));
        splits = List.copyOf(Objects.requireNonNull(splits, "splits"));
    }

    public boolean matches(SeriesKey key) {
        return matchesJob(key.jobId())
            && metric.stream().allMatch(m -> m.matches(key.metric()))
            && splits.stream().allMatch(m -> m.matches(key.splits().get(m.name())));
    }

    public boolean matchesJob(String jobId) {
        return job.stream().allMatch(m -> m.matches(jobId));
    }
}
