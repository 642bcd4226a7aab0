package shop.gateway;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.testing.TestJwtIssuer;

/**
 * One gateway for the edge tests (limits, headers, CORS, tokens), shared by their classes (same configuration, so
 * Spring starts it once): every service is one real stub server, user-service's keys come from a test issuer. Both
 * live as long as the test JVM (daemon threads), since several classes share them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public abstract class EdgeContext {

	/** A browser origin this gateway allows (configured for the test; none is allowed by default). */
	public static final String ALLOWED_ORIGIN = "https://shop.example.com";

	protected static final StubBackend backend = StubBackend.start("backend");

	protected static final TestJwtIssuer issuer = TestJwtIssuer.start();

	@Autowired
	protected WebTestClient client;

	@DynamicPropertySource
	static void edge(DynamicPropertyRegistry registry) {
		TestDiscovery.stubbedShop(registry, backend::uri, issuer);
		registry.add("shop.gateway.cors.allowed-origins", () -> ALLOWED_ORIGIN);
		registry.add("shop.gateway.request-limits.max-body-size", () -> "1KB");
		registry.add("shop.gateway.request-limits.max-header-size", () -> "8KB");
		registry.add("shop.gateway.rate-limits.policies.api.capacity", () -> "100000");
	}

	/** GET /api/orders with a valid shopper's token: relayed to the (stub) order-service, which answers 200. */
	protected void getOrdersWithAGoodToken() {
		this.client.get()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + issuer.token(UUID.randomUUID(), "USER"))
			.exchange()
			.expectStatus()
			.isOk();
	}

}
