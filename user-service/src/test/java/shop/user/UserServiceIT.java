package shop.user;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.web.servlet.client.RestTestClient;

import shop.events.UserPlacedOrder;
import shop.testing.ShopTestInfrastructure;
import shop.testing.TestJwtIssuer;
import shop.user.Shoppers.Shopper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service's HTTP contract end to end, on a real PostgreSQL and a real Kafka broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "shop.user.admin.email=admin@shop.test", "shop.user.admin.password=admin-password-for-tests" })
@AutoConfigureRestTestClient
@Import(ShopTestInfrastructure.class)
class UserServiceIT {

	private static final UUID PRODUCT = UUID.fromString("11111111-2222-4333-8444-555555555555");

	private static final UUID OTHER_PRODUCT = UUID.fromString("66666666-7777-4888-9999-aaaaaaaaaaaa");

	@Autowired
	RestTestClient http;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@LocalServerPort
	int port;

	@Test
	void registersSignsInAndPlacesAnOrderThatIsPublishedExactlyOnce() {
		Shopper shopper = new Shoppers(this.http).register();

		this.http.get()
			.uri("/api/users/me")
			.header("Authorization", shopper.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(shopper.id().toString())
			.jsonPath("$.roles[0]")
			.isEqualTo("USER")
			.jsonPath("$.password")
			.doesNotExist();

		UUID orderId = placeOrder(shopper, """
				{"items": [{"productId": "%s", "quantity": 2}, {"productId": "%s", "quantity": 1}]}"""
			.formatted(PRODUCT, OTHER_PRODUCT));

		List<ConsumerRecord<String, byte[]>> records = awaitDelivered(orderId);
		assertThat(records).hasSize(1);
		UserPlacedOrder event = OrdersPlacedTopic.event(records.get(0));
		assertThat(event.orderId()).isEqualTo(orderId);
		assertThat(event.userId()).isEqualTo(shopper.id());
		assertThat(event.items()).containsExactly(new UserPlacedOrder.Line(PRODUCT, 2),
				new UserPlacedOrder.Line(OTHER_PRODUCT, 1));
		assertThat(event.eventId()).isNotNull();
		assertThat(event.placedAt()).isNotNull();
	}

	@Test
	void takesTheUserFromTheTokenNeverFromTheBody() {
		Shopper shopper = new Shoppers(this.http).register();
		UUID someoneElse = UUID.randomUUID();

		// A userId in the body is refused outright (mass assignment), so it cannot even be ignored wrongly ...
		this.http.post()
			.uri("/api/orders")
			.header("Authorization", shopper.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"userId": "%s", "items": [{"productId": "%s", "quantity": 1}]}""".formatted(someoneElse, PRODUCT))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("userId");
		// ... and the order's user is the token's subject.
		UUID orderId = placeOrder(shopper, """
				{"items": [{"productId": "%s", "quantity": 1}]}""".formatted(PRODUCT));
		assertThat(OrdersPlacedTopic.event(awaitDelivered(orderId).get(0)).userId()).isEqualTo(shopper.id());
	}

	@Test
	void refusesAnInvalidOrderAndPublishesNothing() {
		Shopper shopper = new Shoppers(this.http).register();

		this.http.post()
			.uri("/api/orders")
			.header("Authorization", shopper.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"items": [{"productId": "%s", "quantity": 0}]}""".formatted(PRODUCT))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("items[0].quantity");

		assertThat(this.jdbc.sql("SELECT count(*) FROM order_requests WHERE user_id = :id")
			.param("id", shopper.id())
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM event_publication WHERE serialized_event LIKE :user")
			.param("user", "%" + shopper.id() + "%")
			.query(Long.class)
			.single()).isZero();
		// A valid order placed afterwards is delivered; had the invalid one been published, it would be on the
		// topic before it.
		UUID later = placeOrder(shopper, """
				{"items": [{"productId": "%s", "quantity": 1}]}""".formatted(PRODUCT));
		awaitDelivered(later);
		assertThat(OrdersPlacedTopic.recordsOfUser(this.bootstrap, shopper.id())).hasSize(1)
			.allSatisfy((record) -> assertThat(record.key()).isEqualTo(later.toString()));
	}

	@Test
	void refusesASecondAccountForTheSameEmailInAnyLetterCase() {
		Shopper shopper = new Shoppers(this.http).register();

		this.http.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", shopper.email().toUpperCase(), "password", "another password", "name", "Copycat"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void letsExactlyOneOfManyConcurrentRegistrationsOfOneEmailSucceed() throws Exception {
		String email = "race-" + UUID.randomUUID() + "@example.com";
		List<Integer> statuses = UserServiceITSupport.concurrently(6,
				() -> this.http.post()
					.uri("/api/users")
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("email", email, "password", Shoppers.PASSWORD, "name", "Racer"))
					.exchange()
					.returnResult()
					.getStatus()
					.value());

		assertThat(statuses).containsOnly(201, 409).filteredOn((status) -> status == 201).hasSize(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM users WHERE lower(email) = lower(:email)")
			.param("email", email)
			.query(Long.class)
			.single()).isOne();
	}

	@Test
	void answersAnUnknownEmailAndAWrongPasswordWithTheSameProblem() {
		Shopper shopper = new Shoppers(this.http).register();

		String unknown = tokenProblem("nobody-" + UUID.randomUUID() + "@example.com", Shoppers.PASSWORD);
		String wrong = tokenProblem(shopper.email(), "not the password");

		assertThat(unknown).contains("\"status\":401").contains("The e-mail address or the password is not correct.");
		assertThat(wrong).isEqualTo(unknown);
	}

	@Test
	void signsInWithTheEmailInAnyLetterCase() {
		Shopper shopper = new Shoppers(this.http).register();

		assertThat(new Shoppers(this.http).token(shopper.email().toUpperCase(), Shoppers.PASSWORD)).isNotBlank();
	}

	@Test
	void createsTheConfiguredAdminWhoMaySeeOtherAccounts() {
		Shopper shopper = new Shoppers(this.http).register();
		String adminToken = new Shoppers(this.http).token("admin@shop.test", "admin-password-for-tests");

		this.http.get()
			.uri("/api/users/me")
			.header("Authorization", "Bearer " + adminToken)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.roles")
			.isEqualTo(List.of("USER", "ADMIN"));
		this.http.get()
			.uri("/api/users/{id}", shopper.id())
			.header("Authorization", "Bearer " + adminToken)
			.exchange()
			.expectStatus()
			.isOk();
		this.http.get()
			.uri("/api/users/{id}", shopper.id())
			.header("Authorization", new Shoppers(this.http).register().bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void publishesAJwksThatVerifiesItsTokensAsOtherServicesWill() {
		Shopper shopper = new Shoppers(this.http).register();
		NimbusJwtDecoder otherService = NimbusJwtDecoder
			.withJwkSetUri("http://127.0.0.1:" + this.port + "/.well-known/jwks.json")
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();

		Jwt jwt = otherService.decode(shopper.token());

		assertThat(jwt.getSubject()).isEqualTo(shopper.id().toString());
		assertThat(jwt.getClaimAsStringList("roles")).containsExactly("USER");
	}

	@Test
	void refusesTokensItDidNotSign() {
		String foreign = TestJwtIssuer.shared().token(UUID.randomUUID(), "USER");

		this.http.get()
			.uri("/api/users/me")
			.header("Authorization", "Bearer " + foreign)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void startsWithoutRedisWhileSignInFailuresAreCountedInMemory(@Autowired ApplicationContext context) {
		assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
		assertThat(context.getBean(HealthContributorRegistry.class).getContributor("redis")).isNull();
		assertThat(context.getBeanDefinitionNames()).extracting(context::getType)
			.noneMatch((type) -> type != null && type.getName().startsWith("io.lettuce."));
	}

	private String tokenProblem(String email, String password) {
		return this.http.post()
			.uri("/api/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "password", password))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private UUID placeOrder(Shopper shopper, String body) {
		@SuppressWarnings("unchecked")
		Map<String, Object> accepted = this.http.post()
			.uri("/api/orders")
			.header("Authorization", shopper.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(accepted).containsEntry("status", "PENDING");
		return UUID.fromString((String) accepted.get("orderId"));
	}

	/** Waits until the outbox has sent the order's event, then reads what is on the topic for it. */
	private List<ConsumerRecord<String, byte[]>> awaitDelivered(UUID orderId) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !OrdersPlacedTopic.records(this.bootstrap, orderId).isEmpty());
		// Completed publications are deleted: an empty row set means nothing is left to (re)send.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM event_publication WHERE serialized_event LIKE :order")
				.param("order", "%" + orderId + "%")
				.query(Long.class)
				.single() == 0);
		return OrdersPlacedTopic.records(this.bootstrap, orderId);
	}

}
