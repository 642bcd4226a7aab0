package shop.user.ordering;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-shopper cap on one product (against scalping: OWASP API6, unrestricted access to sensitive business flows).
 *
 * @param maxUnitsPerProduct the most units of one product one shopper may order within {@code window}
 * @param window how far back orders count
 */
@Validated
@ConfigurationProperties("shop.user.purchase-limit")
public record PurchaseLimitProperties(@Min(1) @DefaultValue("20") int maxUnitsPerProduct,
		@NotNull @DefaultValue("24h") Duration window) {
}
