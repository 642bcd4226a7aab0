package shop.gateway;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Swagger UI of the shop: it lists the three services' documents, and each is read through the gateway from
 * the service's own {@code /v3/api-docs} (a real stub server on loopback stands in for product- and order-service).
 * Runs on the shared edge gateway, so it starts no context of its own.
 */
class SwaggerUiTests extends EdgeContext {

	static final List<String> SERVICES = List.of("user-service", "product-service", "order-service");

	@Autowired
	GatewayProperties gateway;

	@Test
	void listsEveryServicesDocumentAtItsGatewayPath() {
		JsonNode config = JsonMapper.shared()
			.readTree(this.client.get()
				.uri("/v3/api-docs/swagger-config")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody());

		Map<String, String> urls = config.path("urls")
			.valueStream()
			.collect(Collectors.toMap((url) -> url.path("name").asString(), (url) -> url.path("url").asString()));
		assertThat(urls).containsOnlyKeys(SERVICES);
		urls.forEach((name, url) -> assertThat(url).isEqualTo("/v3/api-docs/" + name));
	}

	@Test
	void routesEachDocumentPathToItsServicesOwnDocument() {
		for (String service : SERVICES) {
			RouteDefinition route = this.gateway.getRoutes()
				.stream()
				.filter((candidate) -> candidate.getUri().equals(URI.create("lb://" + service)))
				.filter((candidate) -> candidate.getPredicates()
					.stream()
					.map(PredicateDefinition::getArgs)
					.anyMatch((args) -> args.containsValue("/v3/api-docs/" + service)))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no route of /v3/api-docs/" + service + " to " + service));
			assertThat(route.getFilters()).extracting(FilterDefinition::getName).contains("SetPath");
			assertThat(route.getFilters()).anySatisfy((filter) -> assertThat(filter.getArgs()).containsValue("/v3/api-docs"));
		}
		for (String service : List.of("product-service", "order-service")) {
			int before = backend.received.size();
			this.client.get()
				.uri("/v3/api-docs/" + service)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.servedBy")
				.isEqualTo("backend");
			assertThat(backend.received.subList(before, backend.received.size()))
				.anySatisfy((request) -> assertThat(request.method() + " " + request.path())
					.isEqualTo("GET /v3/api-docs"));
		}
	}

	@Test
	void servesTheSwaggerUi() {
		String index = this.client.get()
			.uri("/swagger-ui.html")
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
		this.client.get()
			.uri(index)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML);
		this.client.get()
			.uri(index.replace("index.html", "swagger-initializer.js"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((script) -> assertThat(script).contains("/v3/api-docs/swagger-config"));
	}

}
