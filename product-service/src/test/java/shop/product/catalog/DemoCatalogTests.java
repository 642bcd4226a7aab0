package shop.product.catalog;

import java.util.List;
import java.util.Locale;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import shop.product.ProductProperties;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCatalogTests {

	@Test
	void demoProductsAreTwentyFourValidProductsWithDistinctSkusAndStock() {
		try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
			DemoCatalog demo = new DemoCatalog(
					new ProductProperties(new ProductProperties.Catalog(true), new ProductProperties.Stock(3)),
					JsonMapper.builder().build(), null, null, validation.getValidator());

			List<NewProduct> products = demo.demoProducts();

			assertThat(products).hasSize(24);
			assertThat(products).extracting((product) -> product.sku().toLowerCase(Locale.ROOT))
				.doesNotHaveDuplicates();
			assertThat(products).allSatisfy((product) -> {
				assertThat(product.stock()).isPositive();
				assertThat(product.price().scale()).isEqualTo(2);
				assertThat(product.currency()).isEqualTo("EUR");
			});
		}
	}

}
