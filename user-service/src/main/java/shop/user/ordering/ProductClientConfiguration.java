package shop.user.ordering;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** The product check's HTTP client: through Spring Cloud LoadBalancer (instances from Consul) unless configured off. */
@Configuration(proxyBeanMethods = false)
class ProductClientConfiguration {

	/**
	 * Spring Cloud LoadBalancer resolves the host of each request made with this builder ({@code product-service})
	 * to a passing instance. It is the service's only {@code RestClient.Builder}; nothing else here makes HTTP calls.
	 */
	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClientBuilder() {
		return RestClient.builder();
	}

	@Bean
	ProductClient productClient(ProductCheckProperties properties,
			@LoadBalanced ObjectProvider<RestClient.Builder> loadBalanced) {
		RestClient.Builder builder = properties.loadBalanced() ? loadBalanced.getObject() : RestClient.builder();
		return new ProductClient(builder, properties);
	}

}
