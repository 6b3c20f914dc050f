/** Incidents (start/end per entity) from files, and the precursor target "an incident starts within the next H buckets". */
package io.kizashi.precursor.labels;
