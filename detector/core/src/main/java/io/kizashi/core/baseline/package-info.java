/** Baselines: expected value and spread of a series (level, daily/weekly seasonality, robust spread). */
package io.kizashi.core.baseline;
