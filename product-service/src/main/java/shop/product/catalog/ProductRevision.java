package shop.product.catalog;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The part of a product an administrator may change, validated as a whole after a patch was applied to it.
 *
 * @param name display name
 * @param description optional longer text
 * @param price unit price, at most two decimals
 * @param stock units in stock
 */
record ProductRevision(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
		@NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal price,
		@NotNull @Min(0) Integer stock) {

	ProductRevision withName(String name) {
		return new ProductRevision(name, this.description, this.price, this.stock);
	}

	ProductRevision withDescription(String description) {
		return new ProductRevision(this.name, description, this.price, this.stock);
	}

	ProductRevision withPrice(BigDecimal price) {
		return new ProductRevision(this.name, this.description, price, this.stock);
	}

	ProductRevision withStock(Integer stock) {
		return new ProductRevision(this.name, this.description, this.price, stock);
	}

}
