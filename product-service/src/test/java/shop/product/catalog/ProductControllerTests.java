package shop.product.catalog;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import shop.chassis.security.ChassisSecurityAutoConfiguration;
import shop.chassis.web.ChassisWebAutoConfiguration;
import shop.product.SecurityConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(ProductController.class)
@Import({ ProductCatalog.class, SecurityConfiguration.class })
@ImportAutoConfiguration({ ChassisSecurityAutoConfiguration.class, ChassisWebAutoConfiguration.class })
class ProductControllerTests {

	private static final String VALID_PRODUCT = """
			{"sku": "KIT-KTL-003", "name": "Gooseneck Kettle", "description": "For pour-over",
			 "price": 64.50, "currency": "EUR", "stock": 30}""";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	ProductRepository products;

	@MockitoBean
	CatalogQueries queries;

	@Test
	void showsAProductToAnyone() throws Exception {
		Product kettle = kettle();
		given(this.products.findById(kettle.getId())).willReturn(Optional.of(kettle));

		this.mvc.perform(get("/api/products/{id}", kettle.getId()))
			.andExpect(status().isOk())
			.andExpect(content().json("""
					{"id": "%s", "sku": "KIT-KTL-003", "name": "Gooseneck Kettle", "description": "For pour-over",
					 "price": 64.50, "currency": "EUR", "stock": 30}""".formatted(kettle.getId()), true));
	}

	@Test
	void answersAMissingProductWithProblemJson404() throws Exception {
		UUID id = UUID.randomUUID();
		given(this.products.findById(id)).willReturn(Optional.empty());

		this.mvc.perform(get("/api/products/{id}", id))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(404))
			.andExpect(jsonPath("$.title").value("Product not found"));
	}

	@Test
	void refusesAnIdThatIsNotAUuid() throws Exception {
		this.mvc.perform(get("/api/products/{id}", "not-a-uuid"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void listsProductsAsASpringDataPageSortedByName() throws Exception {
		ProductView kettle = ProductView.of(kettle());
		given(this.queries.search(eq("kettle"), any()))
			.willAnswer((call) -> new PageImpl<>(List.of(kettle), call.getArgument(1, Pageable.class), 41));

		this.mvc.perform(get("/api/products").param("q", "kettle").param("page", "2").param("size", "10")
				.param("sort", "price,desc"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content", hasSize(1)))
			.andExpect(jsonPath("$.content[0].sku").value("KIT-KTL-003"))
			.andExpect(jsonPath("$.page.size").value(10))
			.andExpect(jsonPath("$.page.number").value(2))
			.andExpect(jsonPath("$.page.totalElements").value(41))
			.andExpect(jsonPath("$.page.totalPages").value(5));
		// The client's sort is ignored: the catalog is always listed by name.
		then(this.queries).should().search("kettle", PageRequest.of(2, 10));
	}

	@Test
	void capsThePageSizeAtOneHundred() throws Exception {
		given(this.queries.search(any(), any()))
			.willAnswer((call) -> new PageImpl<>(List.of(), call.getArgument(1, Pageable.class), 0));

		this.mvc.perform(get("/api/products").param("size", "500"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.page.size").value(100));
		then(this.queries).should().search(null, PageRequest.of(0, 100));
	}

	@Test
	void tellsAnyoneTheStockOfSeveralProductsAtOnce() throws Exception {
		UUID known = UUID.randomUUID();
		UUID unknown = UUID.randomUUID();
		given(this.queries.availability(List.of(known, unknown))).willReturn(List.of(new Availability(known, 7)));

		this.mvc.perform(get("/api/products/availability").param("ids", known + "," + unknown))
			.andExpect(status().isOk())
			.andExpect(content().json("""
					[{"id": "%s", "stock": 7}]""".formatted(known), true));
	}

	@Test
	void refusesMoreAvailabilityIdsThanAnOrderHasLines() throws Exception {
		String ids = String.join(",",
				java.util.stream.Stream.generate(() -> UUID.randomUUID().toString()).limit(51).toList());

		this.mvc.perform(get("/api/products/availability").param("ids", ids))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("ids"));
	}

	@Test
	void addingAProductNeedsAToken() throws Exception {
		this.mvc.perform(post("/api/products").contentType(MediaType.APPLICATION_JSON).content(VALID_PRODUCT))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401));
		verifyNoInteractions(this.products);
	}

	@Test
	void aShopperCannotAddAProduct() throws Exception {
		this.mvc
			.perform(post("/api/products").with(shopper())
				.contentType(MediaType.APPLICATION_JSON)
				.content(VALID_PRODUCT))
			.andExpect(status().isForbidden())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(403));
		verifyNoInteractions(this.products);
	}

	@Test
	void anAdministratorAddsAProduct() throws Exception {
		given(this.products.save(any(Product.class))).willAnswer((call) -> call.getArgument(0));

		String location = this.mvc
			.perform(post("/api/products").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(VALID_PRODUCT))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").isNotEmpty())
			.andExpect(jsonPath("$.sku").value("KIT-KTL-003"))
			.andExpect(jsonPath("$.price").value(64.50))
			.andExpect(jsonPath("$.currency").value("EUR"))
			.andExpect(jsonPath("$.stock").value(30))
			.andReturn()
			.getResponse()
			.getHeader("Location");
		assertThat(location).matches("/api/products/[0-9a-f-]{36}");
	}

	@Test
	void refusesASkuThatExistsInAnotherCase() throws Exception {
		given(this.products.existsBySkuIgnoreCase("KIT-KTL-003")).willReturn(true);

		this.mvc
			.perform(post("/api/products").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(VALID_PRODUCT))
			.andExpect(status().isConflict())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Duplicate SKU"));
	}

	@Test
	void mapsTheUniqueIndexViolationOfAConcurrentInsertTo409() throws Exception {
		given(this.products.save(any(Product.class))).willThrow(new DuplicateKeyException("insert",
				new SQLException("ERROR: duplicate key value violates unique constraint \"products_sku_unique\"",
						"23505")));

		this.mvc
			.perform(post("/api/products").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(VALID_PRODUCT))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.title").value("Duplicate SKU"));
	}

	@Test
	void refusesAnIdOrPropertiesAProductDoesNotHave() throws Exception {
		for (String property : List.of("\"id\": \"%s\"".formatted(UUID.randomUUID()), "\"reserved\": 5")) {
			String name = property.substring(1, property.indexOf('"', 1));
			this.mvc.perform(post("/api/products").with(admin()).contentType(MediaType.APPLICATION_JSON).content("""
					{"sku": "KIT-KTL-009", "name": "Kettle", "price": 1, "currency": "EUR", "stock": 1, %s}"""
				.formatted(property)))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.errors[0].field").value(name));
		}
		verifyNoInteractions(this.products);
	}

	@Test
	void refusesInvalidProductsFieldByField() throws Exception {
		this.mvc.perform(post("/api/products").with(admin()).contentType(MediaType.APPLICATION_JSON).content("""
				{"sku": " ", "name": "", "price": -1, "currency": "EURO", "stock": -5}"""))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].field",
					containsInAnyOrder("sku", "name", "price", "currency", "stock")));
		verifyNoInteractions(this.products);
	}

	@Test
	void refusesAnUnknownCurrencyAndMoreThanTwoDecimals() throws Exception {
		this.mvc.perform(post("/api/products").with(admin()).contentType(MediaType.APPLICATION_JSON).content("""
				{"sku": "X-1", "name": "X", "price": 1.999, "currency": "XYZ", "stock": 1}"""))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("price", "currency")));
	}

	@Test
	void patchChangesOnlyTheFieldsItNames() throws Exception {
		Product kettle = kettle();
		given(this.products.findLockedById(kettle.getId())).willReturn(Optional.of(kettle));
		given(this.products.save(any(Product.class))).willAnswer((call) -> call.getArgument(0));

		this.mvc
			.perform(patch("/api/products/{id}", kettle.getId()).with(admin())
				.contentType("application/merge-patch+json")
				.content("""
						{"price": 59.00, "stock": 12}"""))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.price").value(59.00))
			.andExpect(jsonPath("$.stock").value(12))
			.andExpect(jsonPath("$.name").value("Gooseneck Kettle"))
			.andExpect(jsonPath("$.description").value("For pour-over"))
			.andExpect(jsonPath("$.sku").value("KIT-KTL-003"));
		assertThat(kettle.getPrice()).isEqualTo(new BigDecimal("59.00"));
	}

	@Test
	void patchWithNullRemovesTheDescription() throws Exception {
		Product kettle = kettle();
		given(this.products.findLockedById(kettle.getId())).willReturn(Optional.of(kettle));
		given(this.products.save(any(Product.class))).willAnswer((call) -> call.getArgument(0));

		this.mvc
			.perform(patch("/api/products/{id}", kettle.getId()).with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"description": null, "name": "Kettle"}"""))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.description").doesNotExist())
			.andExpect(jsonPath("$.name").value("Kettle"));
	}

	@Test
	void patchCannotChangeIdOrSkuNorSetUnknownFields() throws Exception {
		this.mvc
			.perform(patch("/api/products/{id}", UUID.randomUUID()).with(admin())
				.contentType("application/merge-patch+json")
				.content("""
						{"id": "%s", "sku": "NEW", "colour": "red", "name": "Fine"}""".formatted(UUID.randomUUID())))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("id", "sku", "colour")))
			.andExpect(jsonPath("$.errors[?(@.field == 'sku')].message").value("cannot be changed"));
		verifyNoInteractions(this.products);
	}

	@Test
	void patchRefusesValuesThatBreakTheCatalogRules() throws Exception {
		Product kettle = kettle();
		given(this.products.findLockedById(kettle.getId())).willReturn(Optional.of(kettle));

		this.mvc
			.perform(patch("/api/products/{id}", kettle.getId()).with(admin())
				.contentType("application/merge-patch+json")
				.content("""
						{"name": null, "price": -0.01, "stock": -1}"""))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("name", "price", "stock")));
		then(this.products).should().findLockedById(kettle.getId());
		then(this.products).shouldHaveNoMoreInteractions();
	}

	@Test
	void patchRefusesValuesOfTheWrongJsonType() throws Exception {
		this.mvc
			.perform(patch("/api/products/{id}", UUID.randomUUID()).with(admin())
				.contentType("application/merge-patch+json")
				.content("""
						{"price": "cheap", "stock": 1.5, "name": 7}"""))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("price", "stock", "name")));
	}

	@Test
	void patchOfAMissingProductIs404() throws Exception {
		UUID id = UUID.randomUUID();
		given(this.products.findLockedById(id)).willReturn(Optional.empty());

		this.mvc
			.perform(patch("/api/products/{id}", id).with(admin())
				.contentType("application/merge-patch+json")
				.content("{\"stock\": 3}"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void aShopperCannotPatchAndAnonymousNeedsAToken() throws Exception {
		UUID id = UUID.randomUUID();
		this.mvc
			.perform(patch("/api/products/{id}", id).with(shopper())
				.contentType("application/merge-patch+json")
				.content("{\"stock\": 3}"))
			.andExpect(status().isForbidden());
		this.mvc.perform(patch("/api/products/{id}", id).contentType("application/merge-patch+json")
				.content("{\"stock\": 3}"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Bearer"));
		verifyNoInteractions(this.products);
	}

	private static Product kettle() {
		NewProduct product = new NewProduct("KIT-KTL-003", "Gooseneck Kettle", "For pour-over",
				new BigDecimal("64.50"), "EUR", 30);
		return Product.create(product, Instant.parse("2026-11-26T12:00:00Z"));
	}

	private static RequestPostProcessor admin() {
		return jwt().jwt((token) -> token.subject(UUID.randomUUID().toString()).claim("roles", List.of("ADMIN")))
			.authorities(new SimpleGrantedAuthority("ROLE_ADMIN"));
	}

	private static RequestPostProcessor shopper() {
		return jwt().jwt((token) -> token.subject(UUID.randomUUID().toString()).claim("roles", List.of("USER")))
			.authorities(new SimpleGrantedAuthority("ROLE_USER"));
	}

}
