package shop.user.ordering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import shop.testing.ShopTestInfrastructure;
import shop.user.OrdersPlacedTopic;
import shop.user.UserServiceApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pending publications survive a restart. The test's own context only holds the database and broker (it never
 * touches the outbox); the service runs on that database as separate application contexts, one after the other: first
 * while every send fails, then, after a clean close, with a healthy broker and no periodic resubmission, so that only
 * Modulith's republication at start-up can deliver; then with the staleness monitor on, for the one case start-up
 * republication leaves behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.modulith.events.republish-outstanding-events-on-restart=false",
				"shop.outbox.resubmit-interval=1h", "spring.modulith.events.staleness.published=0s",
				"spring.modulith.events.staleness.processing=0s", "spring.modulith.events.staleness.resubmission=0s" })
@Import(ShopTestInfrastructure.class)
class OutboxRestartIT {

	/**
	 * Only the start-up republication may deliver: the periodic resubmission (which would also pick up FAILED rows,
	 * right at start) waits for rows an hour old, and no staleness monitor turns anything FAILED.
	 */
	private static final String[] ONLY_REPUBLICATION_AT_START = { "--shop.outbox.resubmit-interval=1h",
			"--shop.outbox.resubmit-min-age=1h", "--spring.modulith.events.staleness.published=0s",
			"--spring.modulith.events.staleness.processing=0s", "--spring.modulith.events.staleness.resubmission=0s" };

	private static final List<OrderLine> LINES = List
		.of(new OrderLine(UUID.fromString("11111111-2222-4333-8444-555555555555"), 1));

	@Autowired
	HikariDataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Test
	void resendsWhateverWasPendingWhenTheServiceStopped() {
		UUID sendFailed;
		UUID crashedAfterCommit;
		UUID crashedWhileSending;
		UUID crashedWhileResending;
		try (ConfigurableApplicationContext first = startService(ONLY_REPUBLICATION_AT_START)) {
			first.getBean(FlakyKafka.FlakyKafkaTemplate.class).goDown();
			OrderPlacement placement = first.getBean(OrderPlacement.class);
			sendFailed = placement.place(UUID.randomUUID(), null, LINES).orderId();
			crashedAfterCommit = placement.place(UUID.randomUUID(), null, LINES).orderId();
			crashedWhileSending = placement.place(UUID.randomUUID(), null, LINES).orderId();
			crashedWhileResending = placement.place(UUID.randomUUID(), null, LINES).orderId();
			List<UUID> all = List.of(sendFailed, crashedAfterCommit, crashedWhileSending, crashedWhileResending);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> all.stream().allMatch((order) -> "FAILED".equals(status(order))));
		}
		// The other moments a process can die at: after the commit, before the send started (PUBLISHED); during
		// the send (PROCESSING); during a resubmission of a failed send (RESUBMITTED).
		setStatus(crashedAfterCommit, "PUBLISHED");
		setStatus(crashedWhileSending, "PROCESSING");
		setStatus(crashedWhileResending, "RESUBMITTED");
		List<UUID> resentAtStart = List.of(sendFailed, crashedAfterCommit, crashedWhileSending);
		for (UUID order : List.of(sendFailed, crashedAfterCommit, crashedWhileSending, crashedWhileResending)) {
			assertThat(OrdersPlacedTopic.records(this.bootstrap, order)).as("sent before the restart").isEmpty();
		}

		try (ConfigurableApplicationContext second = startService(ONLY_REPUBLICATION_AT_START)) {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> resentAtStart.stream().allMatch((order) -> "GONE".equals(status(order))));
			// Modulith 2.0.3 does not resend a publication left RESUBMITTED: markResubmitted() only claims rows
			// whose status is not RESUBMITTED already (it is the guard against two resenders).
			await().during(Duration.ofSeconds(5))
				.atMost(Duration.ofSeconds(10))
				.until(() -> "RESUBMITTED".equals(status(crashedWhileResending)));
		}
		for (UUID order : resentAtStart) {
			assertExactlyOneRecord(order);
		}
		assertThat(OrdersPlacedTopic.records(this.bootstrap, crashedWhileResending)).isEmpty();

		// What frees it: the staleness monitor marks a RESUBMITTED publication FAILED after
		// spring.modulith.events.staleness.resubmission (the chassis sets 1 minute; 2 s here), then the periodic
		// resubmission sends it.
		try (ConfigurableApplicationContext third = startService("--spring.modulith.events.staleness.resubmission=2s",
				"--spring.modulith.events.staleness.check-intervall=1s", "--shop.outbox.resubmit-interval=1s",
				"--shop.outbox.resubmit-min-age=0s")) {
			await().atMost(Duration.ofSeconds(60)).until(() -> "GONE".equals(status(crashedWhileResending)));
		}
		assertExactlyOneRecord(crashedWhileResending);
		for (UUID order : resentAtStart) {
			assertExactlyOneRecord(order);
		}
	}

	private void assertExactlyOneRecord(UUID order) {
		assertThat(OrdersPlacedTopic.records(this.bootstrap, order)).as("records of %s", order)
			.singleElement()
			.satisfies((record) -> assertThat(OrdersPlacedTopic.event(record).orderId()).isEqualTo(order));
	}

	/**
	 * user-service on the test's database and broker, as a process would start (sends fail only after
	 * {@code goDown()}). Command-line arguments outrank application.yml, as the test's own infrastructure does.
	 */
	private ConfigurableApplicationContext startService(String... settings) {
		List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + this.dataSource.getJdbcUrl(),
				"--spring.datasource.username=" + this.dataSource.getUsername(),
				"--spring.datasource.password=" + nullToEmpty(this.dataSource.getPassword()),
				"--spring.kafka.bootstrap-servers=" + this.bootstrap, "--spring.cloud.consul.enabled=false"));
		args.addAll(List.of(settings));
		return new SpringApplicationBuilder(UserServiceApplication.class, FlakyKafka.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
	}

	private String status(UUID orderId) {
		return this.jdbc.sql("SELECT status FROM event_publication WHERE serialized_event LIKE :order")
			.param("order", "%" + orderId + "%")
			.query(String.class)
			.optional()
			.orElse("GONE");
	}

	private void setStatus(UUID orderId, String status) {
		assertThat(this.jdbc.sql("UPDATE event_publication SET status = :status WHERE serialized_event LIKE :order")
			.param("status", status)
			.param("order", "%" + orderId + "%")
			.update()).isOne();
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

}
