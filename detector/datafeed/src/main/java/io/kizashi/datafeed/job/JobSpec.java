package io.kizashi.datafeed.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A job: which documents, how they are bucketed and split into series, which metrics are computed per
 * bucket and series, and which detectors run on them. Load one from YAML with {@link Jobs}.
 *
 * @param id               {@code [a-z0-9][a-z0-9_-]*}, at most 64 characters; the job part of every SeriesKey
 * @param description      free text, or null
 * @param source           indices, time field, filter and timing
 * @param split            split fields and series limits
 * @param calendar         default business calendar of the metrics, or null (UTC)
 * @param metrics          1 to {@value #MAX_METRICS} metrics with distinct names
 * @param delayedDataCheck the late-data check
 * @param pull             query tuning
 */
public record JobSpec(String id, String description, SourceSpec source, SplitSpec split, CalendarSpec calendar,
                      List<MetricSpec> metrics, DelayedDataCheckSpec delayedDataCheck, PullSpec pull) {

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final int MAX_METRICS = 50;

    public JobSpec {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("job_id '" + id + "' must match " + ID.pattern());
        }
        Objects.requireNonNull(source, "source");
        split = split == null ? SplitSpec.NONE : split;
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty() || metrics.size() > MAX_METRICS) {
            throw new IllegalArgumentException("a job needs 1.." + MAX_METRICS + " metrics, got " + metrics.size());
        }
        Set<String> names = new HashSet<>();
        for (MetricSpec m : metrics) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("metric name '" + m.name() + "' appears twice in job " + id);
            }
        }
        delayedDataCheck = delayedDataCheck == null ? DelayedDataCheckSpec.defaults(source.bucketSpan()) : delayedDataCheck;
        if (!Durations.isMultiple(delayedDataCheck.window(), source.bucketSpan())
            || !Durations.isMultiple(delayedDataCheck.frequency(), source.bucketSpan())) {
            throw new IllegalArgumentException("delayed_data_check window and frequency must be whole multiples of bucket_span "
                + source.bucketSpan());
        }
        if (delayedDataCheck.window().toMillis() / source.bucketSpan().toMillis() > DelayedDataCheckSpec.MAX_WINDOW_BUCKETS) {
            throw new IllegalArgumentException("delayed_data_check window holds more than " + DelayedDataCheckSpec.MAX_WINDOW_BUCKETS + " buckets");
        }
        if (split.seriesTtl().compareTo(source.bucketSpan()) < 0) {
            throw new IllegalArgumentException("series_ttl " + split.seriesTtl() + " must be at least one bucket_span");
        }
        pull = pull == null ? PullSpec.DEFAULTS : pull;
    }

    public Optional<MetricSpec> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public JobSpec withSource(SourceSpec s) {
        return new JobSpec(id, description, s, split, calendar, metrics, delayedDataCheck, pull);
    }

    public JobSpec withSplit(SplitSpec s) {
        return new JobSpec(id, description, source, s, calendar, metrics, delayedDataCheck, pull);
    }

    public JobSpec withMetrics(List<MetricSpec> m) {
        return new JobSpec(id, description, source, split, calendar, m, delayedDataCheck, pull);
    }

    public JobSpec withPull(PullSpec p) {
        return new JobSpec(id, description, source, split, calendar, metrics, delayedDataCheck, p);
    }

    public JobSpec withDelayedDataCheck(DelayedDataCheckSpec d) {
        return new JobSpec(id, description, source, split, calendar, metrics, d, pull);
    }

    public JobSpec withId(String otherId) {
        return new JobSpec(otherId, description, source, split, calendar, metrics, delayedDataCheck, pull);
    }

    /**
     * A short hash of what defines the pulled data (indices, time field, filter, bucket span, split fields,
     * metric definitions); kept with the checkpoint so a restart can tell that the job was edited.
     */
    public String dataFingerprint() {
        StringBuilder sb = new StringBuilder();
        sb.append(source.indices()).append('\n').append(source.timeField()).append('\n').append(source.filter())
            .append('\n').append(source.bucketSpan()).append('\n').append(split.fields()).append('\n');
        for (MetricSpec m : metrics) {
            sb.append(m.name()).append(':').append(m.function()).append(':').append(m.field()).append(':').append(m.filter())
                .append(':').append(m.percentile()).append(':').append(m.numerator()).append(':').append(m.denominator())
                .append(':').append(m.precisionThreshold()).append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
