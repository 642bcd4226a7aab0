package shop.chassis.security;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

import shop.security.ShopJwtClaims;
import shop.security.ShopJwtValidators;

/** Token validation shared by every service. */
@AutoConfiguration(
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(ShopSecurityProperties.class)
public class ChassisSecurityAutoConfiguration {

	/**
	 * Verifies signatures against user-service's JWKS (fetched lazily and cached, so a service starts without
	 * user-service) with the shop's one algorithm, reads the claims as {@link ShopJwtClaims} does, then applies
	 * {@link ShopJwtValidators#forShop}: the rules the gateway applies too.
	 */
	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(ShopSecurityProperties properties) {
		// Nimbus' own 500 ms timeouts turn a busy user-service into spurious 401s; these are explicit instead.
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(Duration.ofSeconds(2));
		requestFactory.setReadTimeout(Duration.ofSeconds(5));
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
			.jwsAlgorithm(ShopJwtValidators.SIGNATURE_ALGORITHM)
			.restOperations(new RestTemplate(requestFactory))
			.build();
		decoder.setClaimSetConverter(ShopJwtClaims.converter());
		decoder.setJwtValidator(ShopJwtValidators.forShop(properties.issuer(), properties.audience()));
		return decoder;
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemDetailSecurityHandlers problemDetailSecurityHandlers(JsonMapper jsonMapper) {
		return new ProblemDetailSecurityHandlers(jsonMapper);
	}

	@Bean
	@ConditionalOnMissingBean
	ResourceServerDefaults resourceServerDefaults(ProblemDetailSecurityHandlers problemHandlers) {
		return new ResourceServerDefaults(problemHandlers);
	}

}
