/** The series model API: one streaming call per bucket returning a rich, documented result. */
package io.kizashi.core.model;
