package shop.user.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

import shop.chassis.security.ResourceServerDefaults;
import shop.chassis.security.ShopSecurityProperties;
import shop.user.UserServiceProperties;
import shop.user.account.Account;
import shop.user.account.Role;

/** Signs access tokens: RS256 JWTs whose subject is the user id and whose {@code roles} claim carries the roles. */
@Component
class TokenIssuer {

	private final JwtEncoder encoder;

	private final TokenSigningKey signingKey;

	private final ShopSecurityProperties security;

	private final Duration ttl;

	private final Clock clock;

	TokenIssuer(JwtEncoder encoder, TokenSigningKey signingKey, ShopSecurityProperties security,
			UserServiceProperties properties, Clock clock) {
		this.encoder = encoder;
		this.signingKey = signingKey;
		this.security = security;
		this.ttl = properties.tokens().ttl();
		this.clock = clock;
	}

	TokenResponse issue(Account account) {
		// JWT times are whole seconds; truncating keeps exp - iat exactly the configured lifetime.
		Instant now = Instant.now(this.clock).truncatedTo(ChronoUnit.SECONDS);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.security.issuer())
			.audience(List.of(this.security.audience()))
			.subject(account.id().toString())
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(this.ttl))
			.id(UUID.randomUUID().toString())
			.claim(ResourceServerDefaults.ROLES_CLAIM, account.roles().stream().map(Role::name).toList())
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").keyId(this.signingKey.id()).build();
		String token = this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		return TokenResponse.bearer(token, this.ttl.toSeconds());
	}

}
