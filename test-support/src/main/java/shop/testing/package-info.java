/**
 * Real infrastructure for integration tests: {@link shop.testing.ShopTestInfrastructure} (PostgreSQL, Kafka, JWKS),
 * {@link shop.testing.TestKafka} (raw clients) and {@link shop.testing.TestJwtIssuer} (tokens).
 */
package shop.testing;
