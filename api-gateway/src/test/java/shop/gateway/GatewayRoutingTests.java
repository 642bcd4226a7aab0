package shop.gateway;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCResponseHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of real HTTP servers on loopback, with static discovery instead of Consul (Consul routing is
 * proven by the whole-shop system tests): routes, edge token checks, and errors as problem+json.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayRoutingTests {

	static final StubBackend products = StubBackend.start("product-service");

	static final TestJwtIssuer issuer = TestJwtIssuer.start();

	@Autowired
	WebTestClient client;

	@Autowired
	List<HttpHeadersFilter> headersFilters;

	@DynamicPropertySource
	static void discovery(DynamicPropertyRegistry registry) {
		TestDiscovery.withoutConsul(registry);
		TestDiscovery.instance(registry, "product-service", products::uri);
		// order-service has no instance at all: its routes must fail fast with 503.
		// user-service is the JWKS host: here the test issuer plays that role.
		TestDiscovery.instance(registry, "user-service", TestDiscovery.addressOf(issuer));
	}

	@AfterAll
	static void stop() {
		products.close();
		issuer.close();
	}

	@Test
	void routesPublicCatalogReadsWithoutAToken() {
		this.client.get()
			.uri("/api/products?page=0")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.servedBy")
			.isEqualTo("product-service");
	}

	@Test
	void relaysAValidTokenToTheService() {
		String token = issuer.token(UUID.randomUUID(), "USER");
		this.client.patch()
			.uri("/api/products/" + UUID.randomUUID())
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"stock\": 3}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.servedBy")
			.isEqualTo("product-service");
		assertThat(products.received).anySatisfy((request) -> assertThat(request.authorization())
			.isEqualTo("Bearer " + token));
	}

	@Test
	void stopsARequestWithoutAValidTokenAtTheEdge() {
		int before = products.received.size();
		this.client.delete()
			.uri("/api/products/" + UUID.randomUUID())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
		this.client.delete()
			.uri("/api/products/" + UUID.randomUUID())
			.header("Authorization", "Bearer " + issuer.tokenFor(UUID.randomUUID()).expired().build())
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.client.delete()
			.uri("/api/products/" + UUID.randomUUID())
			.header("Authorization", "Bearer " + issuer.tokenFor(UUID.randomUUID()).signedWithForeignKey().build())
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.client.delete()
			.uri("/api/products/" + UUID.randomUUID())
			.header("Authorization", "Bearer " + issuer.tokenFor(UUID.randomUUID()).audience("other").build())
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(products.received).hasSize(before);
	}

	@Test
	void tellsTheServiceTheClientsAddressAndNothingTheClientClaims() {
		String marker = "/api/products/" + UUID.randomUUID();
		this.client.get()
			.uri(marker)
			.header("X-Forwarded-For", "203.0.113.9")
			.header("Forwarded", "for=203.0.113.9;proto=https")
			.header("X-Real-IP", "203.0.113.9")
			.exchange()
			.expectStatus()
			.isOk();
		StubBackend.Received received = products.received.stream()
			.filter((request) -> request.path().equals(marker))
			.findFirst()
			.orElseThrow();
		assertThat(received.xForwardedFor()).isEqualTo("127.0.0.1");
		assertThat(received.forwarded()).isEmpty();
	}

	/** The gRPC header filters would copy every proxied request's headers for a protocol no shop API speaks. */
	@Test
	void runsNoGrpcHeaderFilters() {
		assertThat(this.headersFilters).isNotEmpty()
			.noneMatch((filter) -> filter instanceof GRPCRequestHeadersFilter
					|| filter instanceof GRPCResponseHeadersFilter);
	}

	@Test
	void answersAnUnknownPathWith404ProblemJson() {
		this.client.get()
			.uri("/no/such/path")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404);
	}

	@Test
	void doesNotExposeTheServicesActuator() {
		this.client.get().uri("/product-service/actuator/health").exchange().expectStatus().isNotFound();
		this.client.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
	}

	@Test
	void answersQuicklyWith503WhenAServiceHasNoInstance() {
		long start = System.nanoTime();
		this.client.get()
			.uri("/api/orders")
			.header("Authorization", "Bearer " + issuer.token(UUID.randomUUID(), "USER"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
	}

}
