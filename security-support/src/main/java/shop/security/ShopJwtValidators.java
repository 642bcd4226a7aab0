package shop.security;

import java.time.Duration;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The checks the gateway and every service apply to a token after its signature verified, and the one signature
 * algorithm they verify.
 */
public final class ShopJwtValidators {

	/**
	 * The only algorithm a decoder accepts (user-service signs with RS256): {@code alg: none} and HMAC tokens made with
	 * the public key are refused before any of these checks run.
	 */
	public static final SignatureAlgorithm SIGNATURE_ALGORITHM = SignatureAlgorithm.RS256;

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
