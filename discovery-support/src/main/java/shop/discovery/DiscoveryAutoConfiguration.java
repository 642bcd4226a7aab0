package shop.discovery;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.consul.ConsulClient;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistrationAutoConfiguration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.context.annotation.Bean;

/**
 * Re-registration with a Consul agent that lost this instance, wherever an app registers in Consul: each service
 * (through the service chassis) and the gateway.
 */
@AutoConfiguration(after = ConsulAutoServiceRegistrationAutoConfiguration.class)
@ConditionalOnClass(ConsulAutoServiceRegistration.class)
@ConditionalOnBean(ConsulAutoServiceRegistration.class)
@EnableConfigurationProperties(DiscoveryAutoConfiguration.DiscoveryProperties.class)
public class DiscoveryAutoConfiguration {

	@Bean
	ConsulReregistration consulReregistration(ConsulClient client, ConsulServiceRegistry registry,
			ConsulAutoRegistration registration, ConsulAutoServiceRegistration autoRegistration,
			DiscoveryProperties properties) {
		return new ConsulReregistration(client, registry, registration, autoRegistration,
				properties.reregisterCheckInterval());
	}

	/**
	 * @param reregisterCheckInterval how often the agent is asked whether it still knows this instance
	 */
	@ConfigurationProperties("shop.discovery")
	public record DiscoveryProperties(@DefaultValue("5s") Duration reregisterCheckInterval) {
	}

}
