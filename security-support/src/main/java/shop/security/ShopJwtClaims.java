package shop.security;

import java.util.Map;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * How the gateway and every service read a token's claims: Spring Security's defaults, except that the issuer stays
 * the string it is. The default turns {@code iss} into a URL when it can, and the shop's issuer is a URN
 * ({@code urn:shop:user-service}): every token then paid for a failed lookup of a "urn" protocol handler, a class
 * searched for in the application jar and not found, about 7 % of user-service's and the gateway's CPU under order
 * load (JFR, issue 8). {@link org.springframework.security.oauth2.jwt.JwtIssuerValidator} compares strings as well.
 */
public final class ShopJwtClaims {

	private ShopJwtClaims() {
	}

	/** The claim set converter for a {@code NimbusJwtDecoder} or a {@code NimbusReactiveJwtDecoder}. */
	public static Converter<Map<String, Object>, Map<String, Object>> converter() {
		return MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, ShopJwtClaims::issuer));
	}

	private static Object issuer(Object value) {
		return (value != null) ? value.toString() : null;
	}

}
