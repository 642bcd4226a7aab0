package shop.gateway;

import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

import shop.testing.TestJwtIssuer;

/** Where a gateway under test finds the services: at fixed addresses on loopback, with no Consul agent. */
public final class TestDiscovery {

	private TestDiscovery() {
	}

	/** No Consul agent: the gateway finds only the instances given with {@link #instance}. */
	public static void withoutConsul(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.consul.enabled", () -> "false");
	}

	/**
	 * The usual shop of a gateway test, without Consul: product-service and order-service at one stub backend, and the
	 * issuer playing user-service (it serves the keys; it answers 404 to orders, which is still an answer).
	 */
	public static void stubbedShop(DynamicPropertyRegistry registry, Supplier<Object> backend, TestJwtIssuer issuer) {
		withoutConsul(registry);
		instance(registry, "product-service", backend);
		instance(registry, "order-service", backend);
		instance(registry, "user-service", addressOf(issuer));
	}

	/** One instance of a service, at the address the supplier gives once its server has started. */
	public static void instance(DynamicPropertyRegistry registry, String service, Supplier<Object> uri) {
		registry.add("spring.cloud.discovery.client.simple.instances." + service + "[0].uri", uri);
	}

	/**
	 * The keys from the issuer under a discovery name of their own rather than user-service's, so that user-service
	 * can be a stub of the test (slow, broken).
	 */
	public static void keysFrom(DynamicPropertyRegistry registry, TestJwtIssuer issuer) {
		registry.add("shop.gateway.jwks-uri", () -> "http://jwks/.well-known/jwks.json");
		instance(registry, "jwks", addressOf(issuer));
	}

	/** The issuer's own address, for a test where it plays user-service (which serves the keys in the shop). */
	public static Supplier<Object> addressOf(TestJwtIssuer issuer) {
		return () -> "http://127.0.0.1:" + issuer.jwksUri().getPort();
	}

}
