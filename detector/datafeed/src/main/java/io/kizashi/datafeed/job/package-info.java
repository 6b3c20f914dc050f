/**
 * Jobs as configuration: the {@link io.kizashi.datafeed.job.JobSpec} records (source, split, metrics,
 * detectors, late-data check, query tuning) and their strict YAML loader {@link io.kizashi.datafeed.job.Jobs},
 * which reports every problem of a file with its path, value and fix. No I/O besides reading files.
 */
package io.kizashi.datafeed.job;
