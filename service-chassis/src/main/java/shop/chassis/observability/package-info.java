/**
 * Traces and meters the same way in every service: the trace context across threads, metric updates after commit
 * (the log format names are logging-support's).
 */
package shop.chassis.observability;
