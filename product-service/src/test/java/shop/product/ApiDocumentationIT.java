package shop.product;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import shop.testing.ApiDocumentationContract;
import shop.testing.ShopTestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document at /v3/api-docs, public and complete (same context as ProductApiIT, so it starts no other). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "shop.catalog.seed-demo=true", "spring.kafka.listener.auto-startup=false" })
@Import(ShopTestInfrastructure.class)
class ApiDocumentationIT extends ApiDocumentationContract {

	@Override
	protected String ownPackage() {
		return "shop.product";
	}

	@Override
	protected List<String> keyEndpoints() {
		return List.of("GET /api/products", "GET /api/products/{id}", "POST /api/products",
				"PATCH /api/products/{id}");
	}

	@Test
	void readsArePublicAndChangesTakeAnAdministrator() throws Exception {
		JsonNode paths = document().path("paths");
		JsonNode browse = paths.path("/api/products").path("get");
		JsonNode add = paths.path("/api/products").path("post");
		JsonNode revise = paths.path("/api/products/{id}").path("patch");

		assertThat(browse.has("security")).isFalse();
		assertThat(browse.path("responses").has("401")).isFalse();
		assertThat(add.path("security").get(0).has("bearer-jwt")).isTrue();
		assertThat(add.path("responses").propertyNames()).containsExactlyInAnyOrder("201", "400", "401", "403", "409");
		assertThat(revise.path("responses").propertyNames()).containsExactlyInAnyOrder("200", "400", "401", "403",
				"404");
		assertThat(revise.path("description").asString()).contains("ADMIN role");
	}

}
