package shop.chassis.security;

import java.time.Duration;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/** The checks every service applies to a token after its signature verified. */
public final class ShopJwtValidators {

	/** Clock skew tolerated between the issuing and the validating host. */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	/** Expiry and not-before (with a small skew), the shop's issuer, and the shop's audience. */
	public static OAuth2TokenValidator<Jwt> forShop(String issuer, String audience) {
		return new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(CLOCK_SKEW),
				new JwtIssuerValidator(issuer), new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(aud) -> aud != null && aud.contains(audience)),
				new JwtClaimValidator<Object>(JwtClaimNames.EXP, (exp) -> exp != null));
	}

	private ShopJwtValidators() {
	}

}
