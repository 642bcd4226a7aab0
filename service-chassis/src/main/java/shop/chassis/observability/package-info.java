/**
 * Traces, logs and meters the same way in every service: the trace context across threads, the shop's log format
 * names, metric updates after commit.
 */
package shop.chassis.observability;
