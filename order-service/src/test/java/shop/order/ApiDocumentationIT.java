package shop.order;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import shop.testing.ApiDocumentation;
import shop.testing.ShopTestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document at /v3/api-docs, public and complete (same context as OrderApiIT, so it starts no other). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ShopTestInfrastructure.class)
class ApiDocumentationIT {

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void documentsEveryEndpointWithoutAToken() throws Exception {
		JsonNode document = ApiDocumentation.fetch(this.port);

		assertThat(ApiDocumentation.assertComplete(this.mappings, "shop.order", document))
			.contains("GET /api/orders", "GET /api/orders/{id}", "POST /api/orders/{id}/cancel");
	}

	@Test
	void cancelNeedsATokenAndNamesItsRefusals() throws Exception {
		JsonNode cancel = ApiDocumentation.fetch(this.port).path("paths").path("/api/orders/{id}/cancel").path("post");

		assertThat(cancel.path("security").get(0).has("bearer-jwt")).isTrue();
		assertThat(cancel.path("responses").propertyNames()).containsExactlyInAnyOrder("200", "400", "401", "404",
				"409");
	}

	@Test
	void sendsTryItOutToWhereTheDocumentWasRead() throws Exception {
		// Relative: through the gateway's Swagger UI that is the gateway, not this service's own port.
		assertThat(ApiDocumentation.fetch(this.port).path("servers").get(0).path("url").asString()).isEqualTo("/");
	}

}
