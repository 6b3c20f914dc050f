/**
 * Instability precursors: "this entity looks the way entities look shortly before an incident". Per entity
 * and bucket, {@link io.kizashi.precursor.features.EntityFeatures} turns the core's bucket results into a
 * fixed-length feature vector; a {@link io.kizashi.precursor.model.PrecursorModel} loaded from a versioned
 * bundle turns it into a probability; {@link io.kizashi.precursor.PrecursorScorer} does both per service cycle.
 */
package io.kizashi.precursor;
