package shop.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.gateway.StubBackend;
import shop.gateway.TestDiscovery;
import shop.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared rate limits when Redis takes connections but never answers (a hung or overloaded server, a network that
 * loses the replies): requests pass unlimited (the limit fails open) once the Redis timeouts run out, rather than
 * being refused: an outage of Redis must not take the shop down. Concurrent requests wait for one another meanwhile
 * (a known limitation, in the README).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Long enough for concurrent requests that wait for one another's Redis timeouts.
@AutoConfigureWebTestClient(timeout = "60s")
class RedisSilentRateLimitTests {

	static final SilentServer redis = new SilentServer();

	static final StubBackend backend = StubBackend.start("any-service");

	static final TestJwtIssuer issuer = TestJwtIssuer.start();

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		TestDiscovery.withoutConsul(registry);
		TestDiscovery.instance(registry, "product-service", backend::uri);
		TestDiscovery.instance(registry, "order-service", backend::uri);
		TestDiscovery.instance(registry, "user-service", TestDiscovery.addressOf(issuer));
		registry.add("shop.gateway.rate-limits.store", () -> "redis");
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
		registry.add("shop.gateway.rate-limits.policies.api.capacity", () -> "2");
		registry.add("shop.gateway.rate-limits.policies.api.refill-tokens", () -> "1");
		registry.add("shop.gateway.rate-limits.policies.api.refill-period", () -> "60s");
	}

	@Test
	void letsEveryRequestPassWithinTheRedisTimeoutsWhenRedisDoesNotAnswer() {
		String token = issuer.token(UUID.randomUUID(), "USER");
		// Twice the burst: with a Redis that answers, the third request would be refused.
		for (int i = 0; i < 4; i++) {
			long start = System.nanoTime();
			this.client.get()
				.uri("/api/products")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			System.out.printf("GATEWAY-RATE-LIMIT: Redis silent, request %d passed after %d ms%n", i + 1,
					took.toMillis());
			if (i > 0) {
				// A Redis timeout of spring.data.redis (connect-timeout 1 s, timeout 2 s) with a margin; the first
				// request of a cold gateway is not measured.
				assertThat(took).as("request " + (i + 1)).isLessThan(Duration.ofSeconds(6));
			}
		}
		assertThat(redis.accepted).as("the gateway did try Redis").isNotEmpty();
	}

	@Test
	void letsConcurrentRequestsPassWhenRedisDoesNotAnswer() throws Exception {
		String token = issuer.token(UUID.randomUUID(), "USER");
		ExecutorService senders = Executors.newFixedThreadPool(8);
		try {
			long start = System.nanoTime();
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				answers.add(senders.submit(() -> this.client.get()
					.uri("/api/products")
					.header("Authorization", "Bearer " + token)
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value()));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get(60, TimeUnit.SECONDS));
			}
			// Printed, not asserted: while the shared connection cannot be opened, each request opens it anew under
			// Spring Data Redis' lock, so concurrent requests wait for one another (see the README).
			System.out.printf("GATEWAY-RATE-LIMIT: Redis silent, 8 concurrent requests of one shopper (burst 2): %s"
					+ " in %d ms%n", statuses, Duration.ofNanos(System.nanoTime() - start).toMillis());
			// The limit fails open: no request is refused, though 8 exceed the burst. That wait on the lock holds a
			// Netty event loop, so a request already past the limit can miss its route's time limit and get 504:
			// the known limitation the README describes (nothing short-circuits a hung Redis yet). CI saw
			// [504, 200, 200, 200, 200, 200, 200, 200] on a quiet machine.
			assertThat(statuses).doesNotContain(429).isSubsetOf(200, 504).contains(200);
		}
		finally {
			senders.shutdownNow();
		}
	}

	/** Accepts connections and never answers, like a Redis that hangs. */
	static final class SilentServer {

		final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private final ServerSocket socket;

		SilentServer() {
			try {
				this.socket = new ServerSocket(0);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						this.accepted.add(this.socket.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "silent-redis");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

	}

}
