/**
 * The shop's event contracts. Records here are what travels on Kafka; each type has a name and a schema version
 * that travel as record headers ({@link shop.events.EventHeaders}), and a golden JSON fixture per version under
 * {@code shop/events/fixtures/} that producer and consumer tests both read.
 */
package shop.events;
