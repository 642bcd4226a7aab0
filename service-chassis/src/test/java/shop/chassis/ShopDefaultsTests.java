package shop.chassis;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

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
	void addsDiscoveryDefaultsOnlyWhereConsulDiscoveryIsPresent() {
		StandardEnvironment environment = new StandardEnvironment();
		new ShopDefaults().postProcessEnvironment(environment, new SpringApplication());
		// The chassis itself does not bring Spring Cloud Consul; services do.
		assertThat(environment.getProperty("spring.cloud.consul.discovery.query-passing")).isNull();
	}

}
