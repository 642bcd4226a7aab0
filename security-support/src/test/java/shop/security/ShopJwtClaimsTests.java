package shop.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

import static org.assertj.core.api.Assertions.assertThat;

class ShopJwtClaimsTests {

	@Test
	void keepsTheIssuerAsTheStringItIsAndConvertsTheOtherClaimsAsSpringSecurityDoes() {
		Map<String, Object> claims = ShopJwtClaims.converter()
			.convert(Map.of(JwtClaimNames.ISS, "urn:shop:user-service", JwtClaimNames.AUD, "shop-api",
					JwtClaimNames.EXP, 1_900_000_000L, JwtClaimNames.SUB, "2f1c4a9e-0b7d-4c55-9a57-3f0e6b1d2c44"));

		assertThat(claims).containsEntry(JwtClaimNames.ISS, "urn:shop:user-service")
			.containsEntry(JwtClaimNames.AUD, List.of("shop-api"))
			.containsEntry(JwtClaimNames.EXP, Instant.ofEpochSecond(1_900_000_000L));
	}

	@Test
	void aTokenReadWithItPassesTheShopsIssuerCheck() {
		Map<String, Object> claims = ShopJwtClaims.converter()
			.convert(Map.of(JwtClaimNames.ISS, "urn:shop:user-service", JwtClaimNames.AUD, List.of("shop-api"),
					JwtClaimNames.EXP, Instant.now().plusSeconds(60).getEpochSecond()));
		Jwt jwt = Jwt.withTokenValue("token").header("alg", "RS256").claims((all) -> all.putAll(claims)).build();

		assertThat(ShopJwtValidators.forShop("urn:shop:user-service", "shop-api").validate(jwt).hasErrors()).isFalse();
		assertThat(ShopJwtValidators.forShop("urn:shop:other", "shop-api").validate(jwt).hasErrors()).isTrue();
	}

}
