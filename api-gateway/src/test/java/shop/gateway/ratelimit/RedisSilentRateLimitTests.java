package shop.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
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
 * loses the replies): requests pass unlimited (the limit fails open) rather than being refused, since an outage of
 * Redis must not take the shop down. Each waits for Redis at most the store's time limit, none waits for another, and
 * once the circuit breaker in front of Redis has opened none waits at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// The first requests of a cold gateway on a loaded machine (C1 compiles); what is measured is asserted below.
@AutoConfigureWebTestClient(timeout = "30s")
class RedisSilentRateLimitTests {

	static final SilentServer redis = new SilentServer();

	static final StubBackend backend = StubBackend.start("any-service");

	static final TestJwtIssuer issuer = TestJwtIssuer.start();

	@Autowired
	WebTestClient client;

	@Autowired
	CircuitBreakerRegistry breakers;

	@Autowired
	TimeLimiterRegistry timeLimiters;

	@Autowired
	MeterRegistry meters;

	/** Lettuce's command timeout: what one attempt on a silent Redis costs whoever makes it. */
	@Value("${spring.data.redis.timeout}")
	Duration redisTimeout;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		TestDiscovery.stubbedShop(registry, backend::uri, issuer);
		registry.add("shop.gateway.rate-limits.store", () -> "redis");
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
		registry.add("shop.gateway.rate-limits.policies.api.capacity", () -> "2");
		registry.add("shop.gateway.rate-limits.policies.api.refill-tokens", () -> "1");
		registry.add("shop.gateway.rate-limits.policies.api.refill-period", () -> "60s");
	}

	/** Each test starts with a closed breaker, which has seen no call yet, as a gateway that just started. */
	@BeforeEach
	void closeTheBreaker() {
		breaker().reset();
	}

	@Test
	void letsEveryRequestPassWithinTheTimeLimitThenAtOnceWhenRedisDoesNotAnswer() {
		String token = issuer.token(UUID.randomUUID(), "USER");
		Duration timeLimit = this.timeLimiters.timeLimiter(RateLimitConfiguration.REDIS_STORE)
			.getTimeLimiterConfig()
			.getTimeoutDuration();
		// More than the burst (2), until the breaker opens: it needs 5 calls within 10 s, half of them failed.
		for (int i = 0; breaker().getState() != State.OPEN; i++) {
			assertThat(i).as("requests before the breaker opened").isLessThan(10);
			Duration took = read(token);
			System.out.printf("GATEWAY-RATE-LIMIT: Redis silent, breaker closed, request %d passed after %d ms%n",
					i + 1, took.toMillis());
			if (i > 0) {
				// The store's time limit with a margin for a loaded machine; the first request of a cold gateway is
				// not measured.
				assertThat(took).as("request " + (i + 1)).isLessThan(timeLimit.plusSeconds(2));
			}
		}
		double passedUnasked = failOpen("breaker-open");

		Duration took = read(token);
		System.out.printf("GATEWAY-RATE-LIMIT: Redis silent, breaker open, request passed after %d ms%n",
				took.toMillis());
		assertThat(took).as("no wait for Redis once the breaker is open").isLessThan(timeLimit);
		assertThat(failOpen("breaker-open")).isEqualTo(passedUnasked + 1);
		assertThat(failOpen("timeout")).isGreaterThanOrEqualTo(5);
		assertThat(redis.accepted).as("the gateway did try Redis").isNotEmpty();
		assertThat(prometheus()).containsPattern("shop_gateway_rate_limit_fail_open_total\\{[^}]*policy=\"api\""
				+ "[^}]*reason=\"breaker-open\"[^}]*} [1-9]")
			.containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"rate-limit-store\"[^}]*state=\"open\""
					+ "[^}]*} 1\\.0");
	}

	@Test
	void letsConcurrentRequestsPassWithoutWaitingForOneAnotherWhenRedisDoesNotAnswer() throws Exception {
		read(issuer.token(UUID.randomUUID(), "USER")); // a cold gateway's first request (C1 compiles) is not measured
		breaker().reset();
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
				statuses.add(answer.get(30, TimeUnit.SECONDS));
			}
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			System.out.printf("GATEWAY-RATE-LIMIT: Redis silent, 8 concurrent requests of one shopper (burst 2): %s"
					+ " in %d ms%n", statuses, took.toMillis());
			// The limit fails open: none refused though 8 exceed the burst, and none held past its route's time
			// limit (504) as when Spring Data Redis opened its connection on the event loop.
			assertThat(statuses).containsOnly(200).hasSize(8);
			// Each waits for Redis at most the store's time limit (1 s), whatever the others do. Requests that took
			// turns at Spring Data Redis' connection lock would each wait out an attempt of Lettuce's (its 2 s
			// command timeout; before the breaker, 8 took 17-18 s): two in turn take longer than this bound, which
			// leaves a loaded machine four time limits.
			assertThat(took).isLessThan(this.redisTimeout.multipliedBy(2));
			assertThat(breaker().getState()).as("8 failures of 8 calls").isEqualTo(State.OPEN);
		}
		finally {
			senders.shutdownNow();
		}
	}

	private Duration read(String token) {
		long start = System.nanoTime();
		this.client.get()
			.uri("/api/products")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk();
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private CircuitBreaker breaker() {
		return this.breakers.circuitBreaker(RateLimitConfiguration.REDIS_STORE);
	}

	private double failOpen(String reason) {
		Counter counter = this.meters.find(FailOpenRateLimiter.FAIL_OPEN)
			.tags("reason", reason, "policy", "api")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private String prometheus() {
		return this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * Accepts connections and never answers, like a Redis that hangs; after {@link #relayTo}, like a Redis that is
	 * back: it relays new connections to a real one.
	 */
	static final class SilentServer {

		final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private final ServerSocket socket;

		private volatile InetSocketAddress redis;

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
						Socket connection = this.socket.accept();
						InetSocketAddress target = this.redis;
						if (target == null) {
							this.accepted.add(connection);
						}
						else {
							relay(connection, target);
						}
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

		/** From now on, a Redis that answers: the connections held so far are closed, new ones reach {@code redis}. */
		void relayTo(InetSocketAddress redis) {
			this.redis = redis;
			this.accepted.forEach(SilentServer::close);
		}

		private static void relay(Socket client, InetSocketAddress target) {
			Socket server = new Socket();
			try {
				server.connect(target, 1000);
				pipe(client, server);
				pipe(server, client);
			}
			catch (IOException ex) {
				close(client);
				close(server);
			}
		}

		private static void pipe(Socket from, Socket to) throws IOException {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			Thread pipe = new Thread(() -> {
				try {
					in.transferTo(out);
				}
				catch (IOException ex) {
					// either side closed
				}
				finally {
					close(from);
					close(to);
				}
			}, "silent-redis-relay");
			pipe.setDaemon(true);
			pipe.start();
		}

		private static void close(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closed already
			}
		}

	}

}
