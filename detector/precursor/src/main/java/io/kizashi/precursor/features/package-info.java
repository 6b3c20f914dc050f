/** Pure, streaming feature extraction from the core's bucket results: no I/O, no clock, bounded memory, no look-ahead. */
package io.kizashi.precursor.features;
