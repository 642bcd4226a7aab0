package shop.gateway.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeSecurityConfigurationTests {

	@Test
	void readsTheIssuerAsTheStringItIsAndTheTokenStillPassesTheShopsRules() {
		Map<String, Object> claims = EdgeSecurityConfiguration.shopClaims()
			.convert(Map.of(JwtClaimNames.ISS, "urn:shop:user-service", JwtClaimNames.AUD, "shop-api",
					JwtClaimNames.EXP, Instant.now().plusSeconds(60).getEpochSecond()));
		Jwt jwt = Jwt.withTokenValue("token").header("alg", "RS256").claims((all) -> all.putAll(claims)).build();

		assertThat(claims).containsEntry(JwtClaimNames.ISS, "urn:shop:user-service")
			.containsEntry(JwtClaimNames.AUD, List.of("shop-api"));
		assertThat(EdgeSecurityConfiguration.shopTokenRules("urn:shop:user-service", "shop-api")
			.validate(jwt)
			.hasErrors()).isFalse();
		assertThat(EdgeSecurityConfiguration.shopTokenRules("urn:shop:other", "shop-api").validate(jwt).hasErrors())
			.isTrue();
	}

}
