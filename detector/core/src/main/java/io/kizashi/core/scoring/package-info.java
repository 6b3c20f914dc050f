/** Judgement: calibrated detection channels, their fusion into one probability, and event filtering. */
package io.kizashi.core.scoring;
