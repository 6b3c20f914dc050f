/**
 * Reference detectors from the literature, ported faithfully so that the evaluation can be checked
 * against published numbers and so that users have a simple baseline to compare with. They are not
 * Kizashi's model.
 */
package io.kizashi.evaluation.reference;
