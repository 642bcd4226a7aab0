package shop.testing;

import java.time.Duration;
import java.util.List;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Real infrastructure for a {@code @SpringBootTest}: {@code @Import(ShopTestInfrastructure.class)} gives the
 * application context a fresh, empty PostgreSQL database, a real Kafka broker and a JWKS endpoint that trusts
 * {@link TestJwtIssuer#shared()}.
 * <p>
 * Where Docker has the images locally, PostgreSQL and Kafka are Testcontainers with {@code @ServiceConnection} (one
 * pair per context). Otherwise (no daemon, or images missing: nothing is ever pulled) the machine's own processes are
 * used: the PostgreSQL server at {@code SHOP_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code SHOP_TEST_POSTGRES_USER} default {@code postgres},
 * password {@code SHOP_TEST_POSTGRES_PASSWORD} default empty) gets a new database per context, and Kafka is the
 * broker at {@code SHOP_TEST_KAFKA_BOOTSTRAP} or else a real KRaft broker started once per JVM. Missing
 * infrastructure fails the context, so a test can never pass without it. {@code shop.test.infrastructure}
 * ({@code auto}, {@code testcontainers}, {@code local}) forces a mode; {@code shop.test.postgres-image} and
 * {@code shop.test.kafka-image} choose the images.
 * <p>
 * Either way {@code spring.kafka.bootstrap-servers} holds the broker, so tests can read it with
 * {@code @Value("${spring.kafka.bootstrap-servers}")}.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(TestJwks.class)
public class ShopTestInfrastructure {

	static final String DEFAULT_POSTGRES_IMAGE = "postgres:17-alpine";

	static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.2";

	private static Mode mode;

	/** Decides once per JVM, and says so on the console. */
	static synchronized Mode mode(Environment environment) {
		if (mode == null) {
			String forced = environment.getProperty("shop.test.infrastructure", "auto");
			String postgresImage = environment.getProperty("shop.test.postgres-image", DEFAULT_POSTGRES_IMAGE);
			String kafkaImage = environment.getProperty("shop.test.kafka-image", DEFAULT_KAFKA_IMAGE);
			String reason;
			if ("local".equals(forced)) {
				mode = Mode.LOCAL;
				reason = "forced by shop.test.infrastructure=local";
			}
			else if ("testcontainers".equals(forced)) {
				mode = Mode.TESTCONTAINERS;
				reason = "forced by shop.test.infrastructure=testcontainers";
			}
			else {
				DockerImages.Availability docker = DockerImages.check(List.of(postgresImage, kafkaImage),
						Duration.ofSeconds(15));
				mode = docker.usable() ? Mode.TESTCONTAINERS : Mode.LOCAL;
				reason = docker.reason();
			}
			String what = (mode == Mode.TESTCONTAINERS)
					? "Testcontainers " + postgresImage + " + " + kafkaImage + " (one pair per context)"
					: "local processes: PostgreSQL " + LocalPostgres.serverUrl() + " (fresh database per context), Kafka "
							+ LocalKafka.plan();
			System.out.println("[shop-test-infrastructure] mode=" + mode + ": " + what + "; because " + reason);
		}
		return mode;
	}

	enum Mode {

		TESTCONTAINERS, LOCAL

	}

	/** PostgreSQL and Kafka as Testcontainers, connected by Spring Boot's service connections. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(UseTestcontainers.class)
	static class Containers {

		@Bean
		@ServiceConnection
		PostgreSQLContainer shopTestPostgresContainer(Environment environment) {
			return new PostgreSQLContainer(DockerImageName
				.parse(environment.getProperty("shop.test.postgres-image", DEFAULT_POSTGRES_IMAGE))
				.asCompatibleSubstituteFor("postgres"));
		}

		@Bean
		@ServiceConnection
		KafkaContainer shopTestKafkaContainer(Environment environment) {
			return new KafkaContainer(DockerImageName
				.parse(environment.getProperty("shop.test.kafka-image", DEFAULT_KAFKA_IMAGE))
				.asCompatibleSubstituteFor("apache/kafka"));
		}

		// The service connection bypasses the property; tests and raw clients read it, so it must be right too.
		@Bean
		static DynamicPropertyRegistrar shopTestKafkaContainerProperties(KafkaContainer shopTestKafkaContainer) {
			return (registry) -> registry.add("spring.kafka.bootstrap-servers",
					shopTestKafkaContainer::getBootstrapServers);
		}

	}

	/** The machine's PostgreSQL server and a local KRaft broker. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(UseLocalProcesses.class)
	static class LocalProcesses {

		@Bean
		static FreshDatabase shopTestFreshDatabase() {
			return LocalPostgres.freshDatabase();
		}

		@Bean
		static DynamicPropertyRegistrar shopTestLocalProperties(FreshDatabase shopTestFreshDatabase) {
			String bootstrap = LocalKafka.bootstrapServers();
			return (registry) -> {
				registry.add("spring.datasource.url", shopTestFreshDatabase::url);
				registry.add("spring.datasource.username", shopTestFreshDatabase::username);
				registry.add("spring.datasource.password", shopTestFreshDatabase::password);
				registry.add("spring.kafka.bootstrap-servers", () -> bootstrap);
			};
		}

	}

	static class UseTestcontainers implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return mode(context.getEnvironment()) == Mode.TESTCONTAINERS;
		}

	}

	static class UseLocalProcesses implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return mode(context.getEnvironment()) == Mode.LOCAL;
		}

	}

}
