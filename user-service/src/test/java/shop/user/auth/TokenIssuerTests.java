package shop.user.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import shop.chassis.security.ShopSecurityProperties;
import shop.user.UserServiceProperties;
import shop.user.account.Account;
import shop.user.account.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenIssuerTests {

	private static final ShopSecurityProperties SECURITY = new ShopSecurityProperties(
			URI.create("http://localhost:8081/.well-known/jwks.json"), "urn:shop:user-service", "shop-api");

	private static final Account ALICE = new Account(UUID.randomUUID(), "alice@example.com", "{bcrypt}x", "Alice",
			List.of(Role.USER), Instant.now());

	private static final Account ADMIN = new Account(UUID.randomUUID(), "admin@example.com", "{bcrypt}x", "Admin",
			List.of(Role.USER, Role.ADMIN), Instant.now());

	private final TokenConfiguration configuration = new TokenConfiguration();

	private final TokenSigningKey key = new TokenSigningKey(SigningKeyLoader.fromPem(TestKeys.PEM));

	@Test
	void issuesAnRs256TokenWithEveryClaim() throws Exception {
		Instant now = Instant.now();
		TokenResponse response = issuer(Duration.ofMinutes(15), Clock.systemUTC()).issue(ALICE);

		assertThat(response.tokenType()).isEqualTo("Bearer");
		assertThat(response.expiresIn()).isEqualTo(900);
		SignedJWT parsed = SignedJWT.parse(response.accessToken());
		assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(parsed.getHeader().getKeyID()).isEqualTo(this.key.id()).isNotBlank();

		Jwt jwt = decoder().decode(response.accessToken());
		assertThat(jwt.getSubject()).isEqualTo(ALICE.id().toString());
		assertThat(jwt.getClaimAsStringList("roles")).containsExactly("USER");
		assertThat(jwt.getClaimAsString("iss")).isEqualTo("urn:shop:user-service");
		assertThat(jwt.getAudience()).containsExactly("shop-api");
		assertThat(jwt.getIssuedAt()).isBetween(now.minusSeconds(2), now.plusSeconds(2));
		assertThat(jwt.getNotBefore()).isEqualTo(jwt.getIssuedAt());
		assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofMinutes(15));
		assertThat(jwt.getId()).isNotBlank();
	}

	@Test
	void givesAdminsBothRoles() {
		Jwt jwt = decoder().decode(issuer(Duration.ofMinutes(15), Clock.systemUTC()).issue(ADMIN).accessToken());

		assertThat(jwt.getClaimAsStringList("roles")).containsExactly("USER", "ADMIN");
	}

	@Test
	void usesTheConfiguredLifetime() {
		TokenResponse response = issuer(Duration.ofMinutes(2), Clock.systemUTC()).issue(ALICE);
		Jwt jwt = decoder().decode(response.accessToken());

		assertThat(response.expiresIn()).isEqualTo(120);
		assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void givesEveryTokenItsOwnId() {
		TokenIssuer issuer = issuer(Duration.ofMinutes(15), Clock.systemUTC());

		assertThat(decoder().decode(issuer.issue(ALICE).accessToken()).getId())
			.isNotEqualTo(decoder().decode(issuer.issue(ALICE).accessToken()).getId());
	}

	@Test
	void refusesAnExpiredToken() {
		Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
		String token = issuer(Duration.ofMinutes(15), anHourAgo).issue(ALICE).accessToken();

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder().decode(token))
			.withMessageContaining("expired");
	}

	@Test
	void refusesATokenNotYetValid() {
		Clock inTenMinutes = Clock.fixed(Instant.now().plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
		String token = issuer(Duration.ofMinutes(15), inTenMinutes).issue(ALICE).accessToken();

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder().decode(token));
	}

	@Test
	void refusesATokenOfAnotherIssuerOrAudience() {
		TokenIssuer otherIssuer = new TokenIssuer(this.configuration.jwtEncoder(this.key), this.key,
				new ShopSecurityProperties(SECURITY.jwksUri(), "urn:someone-else", "shop-api"), properties(Duration.ofMinutes(5)),
				Clock.systemUTC());
		TokenIssuer otherAudience = new TokenIssuer(this.configuration.jwtEncoder(this.key), this.key,
				new ShopSecurityProperties(SECURITY.jwksUri(), SECURITY.issuer(), "another-api"),
				properties(Duration.ofMinutes(5)), Clock.systemUTC());

		assertThatExceptionOfType(JwtValidationException.class)
			.isThrownBy(() -> decoder().decode(otherIssuer.issue(ALICE).accessToken()));
		assertThatExceptionOfType(JwtValidationException.class)
			.isThrownBy(() -> decoder().decode(otherAudience.issue(ALICE).accessToken()));
	}

	@Test
	void refusesATokenSignedWithAnotherKey() {
		TokenSigningKey other = new TokenSigningKey(SigningKeyLoader.fromPem(TestKeys.OTHER_PEM));
		TokenIssuer forger = new TokenIssuer(this.configuration.jwtEncoder(other), other, SECURITY,
				properties(Duration.ofMinutes(5)), Clock.systemUTC());

		assertThatExceptionOfType(org.springframework.security.oauth2.jwt.JwtException.class)
			.isThrownBy(() -> decoder().decode(forger.issue(ALICE).accessToken()));
	}

	private TokenIssuer issuer(Duration ttl, Clock clock) {
		return new TokenIssuer(this.configuration.jwtEncoder(this.key), this.key, SECURITY, properties(ttl), clock);
	}

	private JwtDecoder decoder() {
		return this.configuration.jwtDecoder(this.key, SECURITY);
	}

	private static UserServiceProperties properties(Duration ttl) {
		return new UserServiceProperties(new UserServiceProperties.Admin(null, null),
				new UserServiceProperties.Tokens(ttl, new UserServiceProperties.SigningKey(null, null, Path.of("unused"))));
	}

}
