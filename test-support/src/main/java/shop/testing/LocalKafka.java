package shop.testing;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The Kafka broker of local mode, one per test JVM: the broker at {@code SHOP_TEST_KAFKA_BOOTSTRAP} when that is set
 * (checked once), otherwise a real single-node KRaft broker started in-process on a random loopback port.
 */
final class LocalKafka {

	/** Broker-side loggers only; the application's Kafka clients keep their configured levels. */
	private static final List<String> BROKER_LOGGERS = List.of("kafka", "state.change.logger",
			"org.apache.kafka.common.test", "org.apache.kafka.controller", "org.apache.kafka.coordinator",
			"org.apache.kafka.image", "org.apache.kafka.metadata", "org.apache.kafka.network", "org.apache.kafka.queue",
			"org.apache.kafka.raft", "org.apache.kafka.security", "org.apache.kafka.server",
			"org.apache.kafka.snapshot", "org.apache.kafka.storage");

	private static String bootstrapServers;

	private LocalKafka() {
	}

	/** The bootstrap servers, starting or checking the broker on first use. */
	static synchronized String bootstrapServers() {
		if (bootstrapServers == null) {
			String external = System.getenv("SHOP_TEST_KAFKA_BOOTSTRAP");
			if (external != null && !external.isBlank()) {
				checkReachable(external);
				bootstrapServers = external;
			}
			else {
				bootstrapServers = startEmbedded();
				System.out.println("[shop-test-infrastructure] in-process KRaft broker started at " + bootstrapServers);
			}
		}
		return bootstrapServers;
	}

	/** What {@link #bootstrapServers()} will use, for the mode line (starts nothing). */
	static String plan() {
		String external = System.getenv("SHOP_TEST_KAFKA_BOOTSTRAP");
		return (external != null && !external.isBlank()) ? "broker at SHOP_TEST_KAFKA_BOOTSTRAP=" + external
				: "in-process KRaft broker (one per test JVM)";
	}

	private static String startEmbedded() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		// Same defaults as a single-node production-like broker: internal topics with one replica, no join delay.
		broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "group.initial.rebalance.delay.ms", "0",
				"offsets.topic.replication.factor", "1", "transaction.state.log.replication.factor", "1",
				"transaction.state.log.min.isr", "1"));
		quietBrokerLogs();
		try {
			broker.afterPropertiesSet();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Integration tests need a Kafka broker: the in-process KRaft broker did "
					+ "not start (" + ex.getMessage() + "). Set SHOP_TEST_KAFKA_BOOTSTRAP to use a running one.", ex);
		}
		// No shutdown hook stops it: the application contexts close in their own hook at JVM exit and their
		// consumers still talk to the broker then; the test kit's own hook deletes its temporary directory.
		return broker.getBrokersAsString();
	}

	/** The broker's INFO lines would drown the test's own log; its warnings and errors still show. */
	private static void quietBrokerLogs() {
		try {
			LoggingSystem logging = LoggingSystem.get(LocalKafka.class.getClassLoader());
			for (String logger : BROKER_LOGGERS) {
				logging.setLogLevel(logger, LogLevel.WARN);
			}
		}
		catch (RuntimeException ex) {
			// No logging system Spring Boot knows: the broker logs however that one is configured.
		}
	}

	private static void checkReachable(String bootstrap) {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
		try (Admin admin = Admin.create(properties)) {
			admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Integration tests need a Kafka broker: none answered at "
					+ "SHOP_TEST_KAFKA_BOOTSTRAP=" + bootstrap + " within 10 s (" + ex + ")", ex);
		}
	}

}
