package shop.gateway.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.gateway.Burst;
import shop.gateway.StubBackend;
import shop.gateway.TestDiscovery;
import shop.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission control of order placement against a real, slow user-service on loopback: with room for 3 orders at
 * once, 8 sent together are 3 placed and 5 answered 503 problem+json with Retry-After, at once; once the 3 are
 * done, the next is placed again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class AdmissionTests {

	static final TestJwtIssuer issuer = TestJwtIssuer.start();

	static final StubBackend slowUsers = StubBackend.start("user-service");

	/** How long the stub takes to place an order: far longer than the gateway needs to turn one away. */
	static final long PLACING_MILLIS = 1500;

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) {
		TestDiscovery.withoutConsul(registry);
		TestDiscovery.keysFrom(registry, issuer);
		TestDiscovery.instance(registry, "user-service", slowUsers::uri);
		registry.add("resilience4j.bulkhead.instances.order-placement.max-concurrent-calls", () -> "3");
		// Only admission control may refuse here: the rate limits are out of the way.
		registry.add("shop.gateway.rate-limits.policies.api.capacity", () -> "100000");
		registry.add("shop.gateway.rate-limits.policies.order-placement.capacity", () -> "100000");
	}

	@AfterAll
	static void stop() {
		slowUsers.close();
		issuer.close();
	}

	@Test
	void shedsOrdersBeyondTheConcurrencyLimitAt503WithRetryAfterAtOnce() throws Exception {
		// Warm: the keys fetched, the route and the connection pool made, so only admission is measured.
		assertThat(place().result().getStatus().value()).isEqualTo(200);
		// Twice: the first burst also loads what a 503 needs (its JSON writer, ...); the second shows the cost.
		for (int round = 1; round <= 2; round++) {
			int before = slowUsers.received.size();
			List<Answer> answers = burst(8);
			List<Answer> shed = answers.stream().filter((a) -> a.result().getStatus().value() != 200).toList();

			assertThat(answers).filteredOn((a) -> a.result().getStatus().value() == 200).hasSize(3);
			assertThat(shed).hasSize(5).allSatisfy((a) -> {
				assertThat(a.result().getStatus().value()).isEqualTo(503);
				assertThat(a.result().getResponseHeaders().getContentType())
					.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
				assertThat(a.result().getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
				// Turned away without waiting for a slot.
				assertThat(a.millis()).isLessThan(PLACING_MILLIS);
			});
			assertThat(slowUsers.received.size() - before).as("orders that reached user-service").isEqualTo(3);
			System.out.printf("ADMISSION round %d: shed answers took %s ms%n", round,
					shed.stream().map(Answer::millis).toList());
		}

		// Every slot was given back: the next order is placed.
		assertThat(place().result().getStatus().value()).isEqualTo(200);
	}

	/** This many orders sent together, each with its own shopper's token; returns once all are answered. */
	private List<Answer> burst(int concurrent) throws Exception {
		List<Callable<Answer>> orders = new ArrayList<>();
		for (int i = 0; i < concurrent; i++) {
			String token = issuer.token(UUID.randomUUID());
			orders.add(() -> place(token));
		}
		return Burst.send(orders);
	}

	private Answer place() {
		return place(issuer.token(UUID.randomUUID()));
	}

	private Answer place(String token) {
		long begin = System.nanoTime();
		EntityExchangeResult<byte[]> result = this.client.post()
			.uri("/api/orders?delay=" + PLACING_MILLIS)
			.header("Authorization", "Bearer " + token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"items\":[]}")
			.exchange()
			.expectBody()
			.returnResult();
		return new Answer(result, (System.nanoTime() - begin) / 1_000_000);
	}

	record Answer(EntityExchangeResult<byte[]> result, long millis) {
	}

}
