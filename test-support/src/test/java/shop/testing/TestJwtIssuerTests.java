package shop.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TestJwtIssuerTests {

	private static TestJwtIssuer issuer;

	private static NimbusJwtDecoder decoder;

	@BeforeAll
	static void startIssuer() {
		issuer = TestJwtIssuer.start();
		// Validates the way the services do: keys from the JWKS URI, issuer, audience, expiry.
		// Generous timeouts: this test is about the issuer, not about how fast a loaded CI machine answers.
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(Duration.ofSeconds(10));
		requests.setReadTimeout(Duration.ofSeconds(10));
		decoder = NimbusJwtDecoder.withJwkSetUri(issuer.jwksUri().toString())
			.restOperations(new RestTemplate(requests))
			.build();
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
				(aud) -> aud != null && aud.contains(TestJwtIssuer.AUDIENCE));
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(TestJwtIssuer.ISSUER), audience));
	}

	@AfterAll
	static void stopIssuer() {
		issuer.close();
	}

	@Test
	void servesThePublicSigningKeyAsJwks() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(issuer.jwksUri()).build(), HttpResponse.BodyHandlers.ofString());

		assertThat(issuer.jwksUri().getHost()).isEqualTo("127.0.0.1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JWKSet jwks = JWKSet.parse(response.body());
		assertThat(jwks.getKeys()).hasSize(1);
		RSAKey key = (RSAKey) jwks.getKeys().get(0);
		assertThat(key.getKeyID()).isEqualTo(issuer.keyId());
		assertThat(key.isPrivate()).as("only the public half is published").isFalse();
	}

	@Test
	void mintsTokensThatVerifyAgainstTheJwks() {
		UUID userId = UUID.randomUUID();

		Jwt jwt = decoder.decode(issuer.token(userId, "USER", "ADMIN"));

		assertThat(jwt.getSubject()).isEqualTo(userId.toString());
		// A URN, not a URL: read it as a string (Jwt#getIssuer() would try to make a URL of it).
		assertThat(jwt.getClaimAsString("iss")).isEqualTo(TestJwtIssuer.ISSUER);
		assertThat(jwt.getAudience()).containsExactly(TestJwtIssuer.AUDIENCE);
		assertThat(jwt.getClaimAsStringList("roles")).containsExactly("USER", "ADMIN");
		assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsEntry("kid", issuer.keyId());
		assertThat(jwt.getExpiresAt()).isBetween(Instant.now().plus(14, ChronoUnit.MINUTES),
				Instant.now().plus(16, ChronoUnit.MINUTES));
	}

	@Test
	void buildsTokensThatFailValidation() {
		UUID userId = UUID.randomUUID();

		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> decoder.decode(issuer.tokenFor(userId).expired().build()))
			.withMessageContaining("expired");
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> decoder.decode(issuer.tokenFor(userId).issuer("urn:someone:else").build()))
			.withMessageContaining("iss");
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> decoder.decode(issuer.tokenFor(userId).audience("other-api").build()))
			.withMessageContaining("aud");
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> decoder.decode(issuer.tokenFor(userId).signedWithForeignKey().build()))
			.withMessageContaining("signature");
	}

	@Test
	void sharesOneIssuerPerJvm() {
		assertThat(TestJwtIssuer.shared()).isSameAs(TestJwtIssuer.shared());
		assertThat(TestJwtIssuer.shared().jwksUri()).isNotEqualTo(issuer.jwksUri());
	}

}
