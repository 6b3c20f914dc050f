/**
 * Precursor models and their versioned bundles: the model interface, its Tribuo implementation, calibration,
 * the bundle format (manifest, checksums, golden outputs) and the hot-reloading registry the service holds.
 */
package io.kizashi.precursor.model;
