package shop.product.catalog;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What an administrator sends to add a product. Also the request body of {@code POST /api/products}: the
 * constraints are the catalog's rules, so the web layer and the demo data are checked the same way.
 *
 * @param sku stock keeping unit, unique regardless of case
 * @param name display name
 * @param description optional longer text
 * @param price unit price, at most two decimals
 * @param currency ISO 4217 code
 * @param stock units in stock
 */
record NewProduct(@NotBlank @Size(max = 64) String sku, @NotBlank @Size(max = 200) String name,
		@Size(max = 2000) String description,
		@NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal price,
		@NotNull @IsoCurrency String currency, @NotNull @Min(0) Integer stock) {
}
