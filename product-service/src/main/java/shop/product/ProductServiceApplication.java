package shop.product;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The product service: the catalog over REST and the stock reserved for placed orders.
 * <p>
 * Pages are serialized as {@code {content, page}} through {@code spring.data.web.pageable.serialization-mode}, not
 * through {@code @EnableSpringDataWebSupport}: that annotation makes Boot's Spring Data web auto-configuration back
 * off, and with it {@code spring.data.web.pageable.max-page-size}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProductServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(ProductServiceApplication.class, args);
	}

}
