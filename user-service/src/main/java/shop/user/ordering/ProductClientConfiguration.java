package shop.user.ordering;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The product check's HTTP client: through Spring Cloud LoadBalancer (instances from Consul) unless configured off.
 * Either way the builder gets what Boot configures on its own builders (message converters, observation, so the
 * trace goes on to product-service).
 */
@Configuration(proxyBeanMethods = false)
class ProductClientConfiguration {

	/**
	 * Spring Cloud LoadBalancer resolves the host of each request made with this builder ({@code product-service})
	 * to a passing instance. Being a {@code RestClient.Builder} bean, it stands in for Boot's own; nothing else in
	 * user-service makes HTTP calls with one.
	 */
	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClientBuilder(RestClientBuilderConfigurer configurer) {
		return configurer.configure(RestClient.builder());
	}

	@Bean
	ProductClient productClient(ProductCheckProperties properties,
			@LoadBalanced ObjectProvider<RestClient.Builder> loadBalanced, RestClientBuilderConfigurer configurer,
			RetryRegistry retries, CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimiters) {
		RestClient.Builder builder = properties.loadBalanced() ? loadBalanced.getObject()
				: configurer.configure(RestClient.builder());
		return new ProductClient(builder, properties, retries, breakers, timeLimiters);
	}

}
