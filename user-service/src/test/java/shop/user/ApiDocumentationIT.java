package shop.user;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import shop.testing.ApiDocumentationContract;
import shop.testing.ShopTestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document at /v3/api-docs, public and complete (same context as IdempotencyIT, so it starts no other). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import(ShopTestInfrastructure.class)
class ApiDocumentationIT extends ApiDocumentationContract {

	@Override
	protected String ownPackage() {
		return "shop.user";
	}

	@Override
	protected List<String> keyEndpoints() {
		return List.of("POST /api/users", "GET /api/users/me", "GET /api/users/{id}", "POST /api/auth/token",
				"GET /.well-known/jwks.json", "POST /api/orders");
	}

	@Test
	void signInIsPublicAndPlacingAnOrderNeedsAToken() throws Exception {
		JsonNode paths = document().path("paths");
		JsonNode token = paths.path("/api/auth/token").path("post");
		JsonNode place = paths.path("/api/orders").path("post");

		assertThat(token.has("security")).isFalse();
		assertThat(token.path("responses").propertyNames()).containsExactlyInAnyOrder("200", "400", "401", "429");
		assertThat(place.path("security").get(0).has("bearer-jwt")).isTrue();
		assertThat(place.path("responses").propertyNames()).containsExactlyInAnyOrder("202", "400", "401", "422");
		assertThat(place.path("parameters").findValuesAsString("name")).contains("Idempotency-Key");
	}

}
