/** Multivariate corpora (train/ and test/ CSV per entity) streamed through the core and the feature extractor. */
package io.kizashi.precursor.corpus;
