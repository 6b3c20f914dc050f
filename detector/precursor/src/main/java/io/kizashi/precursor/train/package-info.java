/**
 * Offline training and evaluation of precursor models: labelled examples from scored rows, time-ordered
 * fit/calibration splits, class weights, Tribuo trainers, event-level early-warning evaluation, bundles.
 */
package io.kizashi.precursor.train;
