package shop.discovery;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.consul.ConsulClient;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;

import shop.discovery.DiscoveryAutoConfiguration.DiscoveryProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class DiscoveryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class))
		.withBean(ConsulClient.class, () -> mock(ConsulClient.class))
		.withBean(ConsulServiceRegistry.class, () -> mock(ConsulServiceRegistry.class))
		.withBean(ConsulAutoRegistration.class, () -> mock(ConsulAutoRegistration.class));

	@Test
	void reregistersEveryFiveSecondsByDefaultWhenTheAppRegistersInConsul() {
		this.runner.withBean(ConsulAutoServiceRegistration.class, () -> mock(ConsulAutoServiceRegistration.class))
			.run((context) -> {
				assertThat(context.getBean(ConsulReregistration.class).isRunning()).isTrue();
				assertThat(context.getBean(DiscoveryProperties.class).reregisterCheckInterval())
					.isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void readsTheCheckIntervalFromShopDiscoveryProperties() {
		this.runner.withBean(ConsulAutoServiceRegistration.class, () -> mock(ConsulAutoServiceRegistration.class))
			.withPropertyValues("shop.discovery.reregister-check-interval=2s")
			.run((context) -> assertThat(context.getBean(DiscoveryProperties.class).reregisterCheckInterval())
				.isEqualTo(Duration.ofSeconds(2)));
	}

	@Test
	void backsOffWhenTheAppDoesNotRegisterInConsul() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ConsulReregistration.class));
	}

}
