/** Strict configuration reading shared by job files, alert rules and the service configuration. */
package io.kizashi.config;
