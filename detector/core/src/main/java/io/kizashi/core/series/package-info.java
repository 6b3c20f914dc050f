/** Series identity shared by every stage: job, metric and split values. */
package io.kizashi.core.series;
