package shop.user.ordering;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import shop.testing.ShopTestInfrastructure;
import shop.user.OrdersPlacedTopic;
import shop.user.Shoppers;
import shop.user.UserServiceITSupport;
import shop.user.Shoppers.Shopper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Idempotency keys on a real database: retries, races, misuse. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import(ShopTestInfrastructure.class)
class IdempotencyIT {

	private static final String BODY = """
			{"items": [{"productId": "11111111-2222-4333-8444-555555555555", "quantity": 2}]}""";

	@Autowired
	RestTestClient http;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Test
	void answersTheSameKeyTwiceWithOneOrderAndPublishesOnce() {
		Shopper shopper = new Shoppers(this.http).register();
		String key = "checkout-" + UUID.randomUUID();

		EntityExchangeResult<Map> first = place(shopper, key, BODY, 202);
		EntityExchangeResult<Map> second = place(shopper, key, BODY, 202);

		UUID orderId = orderId(first);
		assertThat(orderId(second)).isEqualTo(orderId);
		assertThat(first.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("false");
		assertThat(second.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(second.getResponseHeaders().getLocation()).hasToString("/api/orders/" + orderId);
		assertExactlyOneOrderPublished(shopper, orderId);
	}

	@Test
	void letsConcurrentRequestsWithOneKeyPlaceOneOrder() throws Exception {
		Shopper shopper = new Shoppers(this.http).register();
		String key = "double-click-" + UUID.randomUUID();

		List<UUID> orderIds = UserServiceITSupport.concurrently(8, () -> orderId(place(shopper, key, BODY, 202)));

		assertThat(orderIds).hasSize(8).containsOnly(orderIds.get(0));
		assertExactlyOneOrderPublished(shopper, orderIds.get(0));
	}

	@Test
	void refusesTheSameKeyForADifferentOrder() {
		Shopper shopper = new Shoppers(this.http).register();
		String key = "checkout-" + UUID.randomUUID();
		UUID orderId = orderId(place(shopper, key, BODY, 202));

		this.http.post()
			.uri("/api/orders")
			.header("Authorization", shopper.bearer())
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.body(BODY.replace("\"quantity\": 2", "\"quantity\": 3"))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);

		assertExactlyOneOrderPublished(shopper, orderId);
	}

	@Test
	void keepsOneUsersKeyApartFromAnothers() {
		Shopper alice = new Shoppers(this.http).register();
		Shopper bob = new Shoppers(this.http).register();
		String key = "same-key-" + UUID.randomUUID();

		UUID alicesOrder = orderId(place(alice, key, BODY, 202));
		UUID bobsOrder = orderId(place(bob, key, BODY, 202));

		assertThat(bobsOrder).isNotEqualTo(alicesOrder);
		assertExactlyOneOrderPublished(alice, alicesOrder);
		assertExactlyOneOrderPublished(bob, bobsOrder);
	}

	@Test
	void placesANewOrderForEveryRequestWithoutAKey() {
		Shopper shopper = new Shoppers(this.http).register();

		UUID first = orderId(place(shopper, null, BODY, 202));
		UUID second = orderId(place(shopper, null, BODY, 202));

		assertThat(second).isNotEqualTo(first);
	}

	@SuppressWarnings("rawtypes")
	private EntityExchangeResult<Map> place(Shopper shopper, String key, String body, int status) {
		return this.http.post()
			.uri("/api/orders")
			.header("Authorization", shopper.bearer())
			.headers((headers) -> {
				if (key != null) {
					headers.set("Idempotency-Key", key);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(Map.class)
			.returnResult();
	}

	@SuppressWarnings("rawtypes")
	private static UUID orderId(EntityExchangeResult<Map> result) {
		return UUID.fromString((String) result.getResponseBody().get("orderId"));
	}

	private void assertExactlyOneOrderPublished(Shopper shopper, UUID orderId) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !OrdersPlacedTopic.records(this.bootstrap, orderId).isEmpty()
					&& this.jdbc.sql("SELECT count(*) FROM event_publication").query(Long.class).single() == 0);
		assertThat(this.jdbc.sql("SELECT order_id FROM order_requests WHERE user_id = :user")
			.param("user", shopper.id())
			.query(UUID.class)
			.list()).containsExactly(orderId);
		assertThat(OrdersPlacedTopic.recordsOfUser(this.bootstrap, shopper.id())).singleElement()
			.satisfies((record) -> assertThat(OrdersPlacedTopic.event(record).orderId()).isEqualTo(orderId));
	}

}
