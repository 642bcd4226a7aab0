package shop.product;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The settings of product-service that are its own (the chassis reads {@code shop.security.*} itself).
 *
 * @param catalog the product catalog
 * @param stock the stock reservation consumer
 */
@Validated
@ConfigurationProperties("shop")
public record ProductProperties(@Valid @NotNull Catalog catalog, @Valid @NotNull Stock stock) {

	/**
	 * Catalog settings.
	 *
	 * @param seedDemo whether to fill an empty catalog with the demo products at start-up (local development only)
	 */
	public record Catalog(boolean seedDemo) {
	}

	/**
	 * Stock reservation settings.
	 *
	 * @param listenerConcurrency threads consuming placed orders; more than the topic's partitions
	 * ({@code shop.kafka.partitions}) would idle, since a partition is consumed by one thread of a group at a time
	 */
	public record Stock(@Min(1) int listenerConcurrency) {
	}

}
