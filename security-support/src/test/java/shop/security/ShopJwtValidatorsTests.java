package shop.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class ShopJwtValidatorsTests {

	private final OAuth2TokenValidator<Jwt> validator = ShopJwtValidators.forShop("urn:shop:user-service", "shop-api");

	@Test
	void acceptsATokenOfTheShop() {
		assertThat(this.validator.validate(token("urn:shop:user-service", List.of("shop-api"), Instant.now()))
			.hasErrors()).isFalse();
	}

	@Test
	void refusesAnotherIssuer() {
		assertThat(this.validator.validate(token("urn:evil", List.of("shop-api"), Instant.now())).hasErrors())
			.isTrue();
	}

	@Test
	void refusesAnotherAudience() {
		assertThat(this.validator.validate(token("urn:shop:user-service", List.of("other"), Instant.now()))
			.hasErrors()).isTrue();
	}

	@Test
	void refusesATokenNotValidYet() {
		assertThat(this.validator
			.validate(token("urn:shop:user-service", List.of("shop-api"), Instant.now().plusSeconds(300)))
			.hasErrors()).isTrue();
	}

	@Test
	void refusesAnExpiredToken() {
		Jwt expired = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.issuer("urn:shop:user-service")
			.audience(List.of("shop-api"))
			.issuedAt(Instant.now().minusSeconds(3600))
			.expiresAt(Instant.now().minusSeconds(600))
			.build();
		assertThat(this.validator.validate(expired).hasErrors()).isTrue();
	}

	private static Jwt token(String issuer, List<String> audience, Instant notBefore) {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.issuer(issuer)
			.audience(audience)
			.notBefore(notBefore)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(900))
			.build();
	}

}
