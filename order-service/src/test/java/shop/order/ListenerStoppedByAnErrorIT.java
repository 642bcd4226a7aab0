package shop.order;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.test.annotation.DirtiesContext;

import shop.testing.ShopTestInfrastructure;
import shop.testing.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener that throws an {@link Error}, not an exception: Spring Kafka stops its container, the process goes on
 * serving HTTP, and only the chassis' {@code kafkaListeners} indicator tells: readiness DOWN within 30 s, naming the
 * container. The listener is the test's own (on a topic of its own), in the real order-service context with a real
 * broker, so nothing in production code fails on purpose.
 */
// Details shown here only, to see which indicator and which container; the service shows none to strangers.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.group.readiness.show-details=always")
@Import({ ShopTestInfrastructure.class, ListenerStoppedByAnErrorIT.ThrowingListener.class })
@DirtiesContext
class ListenerStoppedByAnErrorIT {

	static final String TOPIC = "shop.test.listener-error";

	static final String CONTAINER = "listener-error-test";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Value("${spring.kafka.bootstrap-servers}")
	private String bootstrap;

	@Test
	void readinessGoesDownWithin30SecondsNamingTheStoppedContainer() throws Exception {
		await().atMost(Duration.ofSeconds(60)).until(() -> readiness().statusCode() == 200);
		assertThat(readiness().body()).contains("\"status\":\"UP\"");

		TestKafka.send(this.bootstrap, TOPIC, "key", "{}", Map.of());
		long sent = System.nanoTime();
		AtomicReference<HttpResponse<String>> down = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			down.set(readiness());
			return down.get().statusCode() == 503;
		});
		double seconds = (System.nanoTime() - sent) / 1e9;

		assertThat(down.get().body()).contains("\"status\":\"DOWN\"").contains("kafkaListeners").contains(CONTAINER)
			.contains("stopped abnormally");
		// The process still answers, and so does its liveness: only readiness takes it out of service.
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		System.out.println(String.format(Locale.ROOT,
				"LISTENER-ERROR-IT Error thrown in a listener (order-service IT, real broker; fault scenario 11 runs in the suite): readinessDownSeconds=%.1f "
						+ "container=%s readiness=%s",
				seconds, CONTAINER, down.get().body()));
	}

	private HttpResponse<String> readiness() throws Exception {
		return get("/actuator/health/readiness");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ThrowingListener {

		@Bean
		NewTopic listenerErrorTopic() {
			return new NewTopic(TOPIC, 1, (short) 1);
		}

		@KafkaListener(id = CONTAINER, topics = TOPIC, groupId = CONTAINER, properties = "auto.offset.reset=earliest")
		void receive(String value) {
			// What a StackOverflowError or a missing class would do to a real listener.
			throw new ListenerBroke();
		}

	}

	static class ListenerBroke extends Error {

		ListenerBroke() {
			super("thrown by the test listener");
		}

	}

}
