package shop.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points {@code shop.security.jwks-uri} at {@link TestJwtIssuer#shared()}, so that the chassis' real JWT decoder
 * trusts the test issuer: for slice tests that check tokens for real. {@link ShopTestInfrastructure} includes it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestJwks {

	@Bean
	static DynamicPropertyRegistrar shopTestJwksProperties() {
		return (registry) -> registry.add("shop.security.jwks-uri", () -> TestJwtIssuer.shared().jwksUri().toString());
	}

}
