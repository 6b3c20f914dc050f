/** Trends of the deseasonalised level, forecasts with intervals and time-to-limit. */
package io.kizashi.core.trend;
