package shop.order;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import shop.testing.ApiDocumentationContract;
import shop.testing.ShopTestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document at /v3/api-docs, public and complete (same context as OrderApiIT, so it starts no other). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ShopTestInfrastructure.class)
class ApiDocumentationIT extends ApiDocumentationContract {

	@Override
	protected String ownPackage() {
		return "shop.order";
	}

	@Override
	protected List<String> keyEndpoints() {
		return List.of("GET /api/orders", "GET /api/orders/{id}", "POST /api/orders/{id}/cancel");
	}

	@Test
	void cancelNeedsATokenAndNamesItsRefusals() throws Exception {
		JsonNode cancel = document().path("paths").path("/api/orders/{id}/cancel").path("post");

		assertThat(cancel.path("security").get(0).has("bearer-jwt")).isTrue();
		assertThat(cancel.path("responses").propertyNames()).containsExactlyInAnyOrder("200", "400", "401", "404",
				"409");
	}

}
