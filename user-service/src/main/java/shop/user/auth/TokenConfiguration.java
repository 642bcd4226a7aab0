package shop.user.auth;

import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import shop.chassis.security.ShopSecurityProperties;
import shop.security.ShopJwtClaims;
import shop.security.ShopJwtValidators;
import shop.user.UserServiceProperties;

/**
 * The signing key, the encoder that issues tokens and the decoder that checks them. user-service is the issuer, so it
 * validates with its own public key instead of fetching its own JWKS over HTTP (the chassis decoder steps back when
 * this one exists), with the same validators as every other service.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(TokenConfiguration.class);

	@Bean
	TokenSigningKey signingKey(UserServiceProperties properties, ResourceLoader resources) {
		TokenSigningKey key = new TokenSigningKey(SigningKeyLoader.load(properties.tokens().signingKey(), resources));
		logger.info("Token signing key: {}", SigningKeyLoader.describe(key.rsaKey()));
		return key;
	}

	@Bean
	JwtEncoder jwtEncoder(TokenSigningKey signingKey) {
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey.rsaKey())));
	}

	@Bean
	JwtDecoder jwtDecoder(TokenSigningKey signingKey, ShopSecurityProperties security) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(signingKey.publicKey())
			.signatureAlgorithm(ShopJwtValidators.SIGNATURE_ALGORITHM)
			.build();
		decoder.setClaimSetConverter(ShopJwtClaims.converter());
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				ShopJwtValidators.forShop(security.issuer(), security.audience()),
				// Our subjects are user ids; anything else cannot be ours.
				new JwtClaimValidator<String>(JwtClaimNames.SUB, TokenConfiguration::isUuid)));
		return decoder;
	}

	private static boolean isUuid(String subject) {
		try {
			return subject != null && UUID.fromString(subject).toString().equals(subject.toLowerCase());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
