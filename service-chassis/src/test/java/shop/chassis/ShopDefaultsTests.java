package shop.chassis;

import java.time.Duration;
import java.util.Map;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ShopDefaultsTests {

	@Test
	void addsOutboxDefaultsWhenModulithIsPresentWithLowestPrecedence() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("spring.kafka.producer.properties.max.block.ms", "777")));

		new ShopDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.modulith.events.completion-mode")).isEqualTo("delete");
		assertThat(environment.getProperty("spring.modulith.events.republish-outstanding-events-on-restart"))
			.isEqualTo("true");
		assertThat(environment.getProperty("spring.kafka.producer.properties.max.block.ms")).isEqualTo("777");
	}

	@Test
	void aSendStillInFlightIsNeverMarkedStaleAndSentAgain() {
		StandardEnvironment environment = new StandardEnvironment();
		new ShopDefaults().postProcessEnvironment(environment, new SpringApplication());

		long maxBlock = Long.parseLong(environment.getProperty("spring.kafka.producer.properties.max.block.ms"));
		long delivery = Long.parseLong(environment.getProperty("spring.kafka.producer.properties.delivery.timeout.ms"));
		long request = Long.parseLong(environment.getProperty("spring.kafka.producer.properties.request.timeout.ms"));
		Duration processing = DurationStyle
			.detectAndParse(environment.getProperty("spring.modulith.events.staleness.processing"));
		assertThat(processing.toMillis()).isGreaterThan(maxBlock + delivery);
		// Kafka refuses a producer whose delivery timeout is shorter than a request's (plus linger.ms).
		assertThat(delivery).isGreaterThan(request);
	}

	@Test
	void consumersOfACrashedInstanceLoseTheirPartitionsWithinTenSeconds() {
		StandardEnvironment environment = new StandardEnvironment();
		new ShopDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.kafka.consumer.properties.session.timeout.ms")).isEqualTo("10000");
		assertThat(environment.getProperty("spring.kafka.consumer.heartbeat-interval")).isEqualTo("3s");
	}

	@Test
	void anIdleConsumerWaitsOnTheBrokerLessThanAHeartbeatInterval() {
		StandardEnvironment environment = new StandardEnvironment();
		new ShopDefaults().postProcessEnvironment(environment, new SpringApplication());

		Duration fetchWait = DurationStyle.detectAndParse(environment.getProperty("spring.kafka.consumer.fetch-max-wait"));
		Duration heartbeat = DurationStyle
			.detectAndParse(environment.getProperty("spring.kafka.consumer.heartbeat-interval"));
		// Longer than Kafka's 500 ms (fewer empty fetches at idle), shorter than a heartbeat interval (a rebalance the
		// heartbeat thread learnt of is acted on before the next heartbeat).
		assertThat(fetchWait).isGreaterThan(Duration.ofMillis(500)).isLessThan(heartbeat);
	}

	@Test
	void tomcatRunsAFewDozenRequestThreadsUnlessTheServiceSaysOtherwise() {
		StandardEnvironment defaults = new StandardEnvironment();
		new ShopDefaults().postProcessEnvironment(defaults, new SpringApplication());
		assertThat(defaults.getProperty("server.tomcat.threads.max")).isEqualTo("64");

		StandardEnvironment overridden = new StandardEnvironment();
		overridden.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("server.tomcat.threads.max", "200")));
		new ShopDefaults().postProcessEnvironment(overridden, new SpringApplication());
		assertThat(overridden.getProperty("server.tomcat.threads.max")).isEqualTo("200");
	}

	@Test
	void addsWebDefaultsOnlyWhereTomcatIsPresent() {
		StandardEnvironment environment = new StandardEnvironment();
		SpringApplication application = new SpringApplication();
		application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader(Tomcat.class)));
		new ShopDefaults().postProcessEnvironment(environment, application);

		assertThat(environment.getProperty("server.tomcat.threads.max")).isNull();
	}

	@Test
	void addsKafkaDefaultsOnlyWhereSpringKafkaIsPresent() {
		StandardEnvironment environment = new StandardEnvironment();
		SpringApplication application = new SpringApplication();
		application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader(KafkaTemplate.class)));
		new ShopDefaults().postProcessEnvironment(environment, application);

		assertThat(environment.getProperty("spring.kafka.consumer.properties.session.timeout.ms")).isNull();
	}

	@Test
	void addsDiscoveryDefaultsOnlyWhereConsulDiscoveryIsPresent() {
		// The chassis brings Spring Cloud Consul only optionally (for its re-registration); services bring it.
		StandardEnvironment withConsul = new StandardEnvironment();
		new ShopDefaults().postProcessEnvironment(withConsul, new SpringApplication());
		assertThat(withConsul.getProperty("spring.cloud.consul.discovery.query-passing")).isEqualTo("true");
		assertThat(withConsul.getProperty("shop.discovery.reregister-check-interval")).isEqualTo("5s");
		assertThat(withConsul.getProperty("spring.cloud.loadbalancer.cache.ttl")).isEqualTo("2s");

		StandardEnvironment withoutConsul = new StandardEnvironment();
		SpringApplication application = new SpringApplication();
		application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader(ConsulDiscoveryProperties.class)));
		new ShopDefaults().postProcessEnvironment(withoutConsul, application);
		assertThat(withoutConsul.getProperty("spring.cloud.consul.discovery.query-passing")).isNull();
	}

	@Test
	void tracesASampleExportsNothingAndLogsTextByDefault() {
		StandardEnvironment environment = new StandardEnvironment();
		new ShopDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
		assertThat(environment.getProperty("management.tracing.export.otlp.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("spring.kafka.template.observation-enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.kafka.listener.observation-enabled")).isEqualTo("true");
		assertThat(environment.getProperty("logging.structured.format.console")).isEmpty();
	}

	@Test
	void readinessIncludesTheKafkaListeners() {
		StandardEnvironment environment = new StandardEnvironment();
		new ShopDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
			.isEqualTo("readinessState,kafkaListeners");
	}

	@Test
	void shopLogFormatJsonMeansElasticCommonSchemaAndOtherFormatsPassAsTheyAre() {
		assertThat(logFormatFor("json")).isEqualTo("ecs");
		assertThat(logFormatFor("JSON")).isEqualTo("ecs");
		assertThat(logFormatFor("logstash")).isEqualTo("logstash");
		assertThat(logFormatFor("text")).isEmpty();
	}

	private static String logFormatFor(String shopLogFormat) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("environment", Map.of("SHOP_LOG_FORMAT", shopLogFormat)));
		new ShopDefaults().postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty("logging.structured.format.console");
	}

}
