package shop.gateway.tracing;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.gateway.GatewayProperties;
import shop.gateway.StubBackend;
import shop.gateway.TestDiscovery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge trace policy through a real gateway with a real tracer and W3C propagation, sampling nothing: a client's
 * sampled {@code traceparent} neither forces sampling nor sets the trace id of what the gateway sends on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@AutoConfigureTracing
class IncomingTraceContextPolicyTests {

	private static final String CLIENT_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final StubBackend backend = StubBackend.start("traced-backend");

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		TestDiscovery.withoutConsul(registry);
		TestDiscovery.instance(registry, "product-service", backend::uri);
		registry.add("management.tracing.sampling.probability", () -> "0.0");
	}

	@Test
	void aClientsTraceContextIsDroppedAndTheGatewayStartsItsOwnUnsampledTrace() {
		// The first call through a cold gateway (route, load balancer, breaker) takes seconds on a loaded machine.
		this.client.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.get()
			.uri("/api/products?client=sampled")
			.header("traceparent", "00-" + CLIENT_TRACE_ID + "-00f067aa0ba902b7-01")
			.header("tracestate", "vendor=chosen")
			.header("b3", CLIENT_TRACE_ID + "-00f067aa0ba902b7-1")
			.exchange()
			.expectStatus()
			.isOk();

		String forwarded = backend.received.get(backend.received.size() - 1).traceparent();
		// The gateway propagates its own trace (so the services still join it), under its own sampling decision.
		assertThat(forwarded).as("traceparent sent to the service").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
		assertThat(forwarded).doesNotContain(CLIENT_TRACE_ID);
	}

	@Test
	void trustingTheIncomingContextLeavesTheHandlerAsItIs() {
		HttpHandler handler = (request, response) -> null;
		assertThat(new IncomingTraceContextPolicy(properties(true)).apply(handler)).isSameAs(handler);
		assertThat(new IncomingTraceContextPolicy(properties(false)).apply(handler)).isNotSameAs(handler);
		assertThat(IncomingTraceContextPolicy.TRACE_HEADERS).contains("traceparent", "tracestate", "b3", "baggage");
	}

	private static GatewayProperties properties(boolean trust) {
		return new GatewayProperties(URI.create("http://user-service/jwks"), "issuer", "audience",
				null, null, new GatewayProperties.Cors(List.of()), "default-src 'self'", trust);
	}

}
