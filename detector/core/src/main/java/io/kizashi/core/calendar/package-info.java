/** Local business calendars: UTC buckets, seasonal phases read on the local clock, holidays as Sundays. */
package io.kizashi.core.calendar;
