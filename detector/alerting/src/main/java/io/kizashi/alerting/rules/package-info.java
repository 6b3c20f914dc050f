/**
 * Alert rules as YAML files: a strict parser that reports every problem with its path and fix, the rule
 * and silence value types, annotation templates, and the validation API used by the CLI and the service.
 * No I/O beyond reading the files; no clock.
 */
package io.kizashi.alerting.rules;
