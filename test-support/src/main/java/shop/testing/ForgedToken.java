package shop.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * The ways a bearer token is commonly forged or misused (OWASP API2:2023, broken authentication). Each constant makes a
 * token that a service must refuse with 401, from an issuer the service otherwise trusts, so that only the one defect
 * tells it apart from a valid token.
 */
public enum ForgedToken {

	/** Expired five minutes ago, beyond any clock skew allowance. */
	EXPIRED((issuer, subject) -> issuer.tokenFor(subject).expired().build()),

	/** {@code nbf} ten minutes in the future. */
	NOT_YET_VALID((issuer, subject) -> issuer.tokenFor(subject)
		.notBefore(Instant.now().plus(10, ChronoUnit.MINUTES))
		.build()),

	/** Another issuer than user-service, otherwise valid and signed with the trusted key. */
	WRONG_ISSUER((issuer, subject) -> issuer.tokenFor(subject).issuer("urn:someone-else").build()),

	/** Meant for another API. */
	WRONG_AUDIENCE((issuer, subject) -> issuer.tokenFor(subject).audience("another-api").build()),

	/** {@code alg: none}: valid claims and no signature at all. */
	ALG_NONE((issuer, subject) -> new PlainJWT(validClaims(subject)).serialize()),

	/** Signed by a key the service does not know, under the trusted key's id. */
	SIGNED_WITH_ANOTHER_KEY((issuer, subject) -> issuer.tokenFor(subject).signedWithForeignKey().build()),

	/**
	 * HS256 whose secret is the trusted RSA public key (as PEM, the way it is published): a verifier that picks the
	 * algorithm from the token's header would check it with that key as an HMAC secret, and accept it.
	 */
	HMAC_WITH_THE_PUBLIC_KEY((issuer, subject) -> {
		try {
			byte[] publicKeyPem = ("-----BEGIN PUBLIC KEY-----\n"
					+ Base64.getMimeEncoder().encodeToString(issuer.publicKey().toPublicKey().getEncoded())
					+ "\n-----END PUBLIC KEY-----\n")
				.getBytes(StandardCharsets.US_ASCII);
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(issuer.keyId()).build(),
					validClaims(subject));
			jwt.sign(new MACSigner(publicKeyPem));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}),

	/** A valid token whose payload was swapped (another subject, role ADMIN), the original signature kept. */
	TAMPERED_PAYLOAD((issuer, subject) -> {
		String[] parts = issuer.token(subject, "USER").split("\\.");
		return parts[0] + "." + validClaims(UUID.randomUUID()).toPayload().toBase64URL() + "." + parts[2];
	}),

	/** Not a JWT at all. */
	GARBAGE((issuer, subject) -> "not-a-jwt");

	private final BiFunction<TestJwtIssuer, UUID, String> forge;

	ForgedToken(BiFunction<TestJwtIssuer, UUID, String> forge) {
		this.forge = forge;
	}

	/**
	 * Makes the forged token.
	 * @param issuer the issuer the service trusts; its key and claims are what is being imitated
	 * @param subject the user id the token claims
	 * @return the compact serialisation
	 */
	public String forge(TestJwtIssuer issuer, UUID subject) {
		return this.forge.apply(issuer, subject);
	}

	private static JWTClaimsSet validClaims(UUID subject) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(subject.toString())
			.issuer(TestJwtIssuer.ISSUER)
			.audience(TestJwtIssuer.AUDIENCE)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(TestJwtIssuer.LIFETIME)))
			.jwtID(UUID.randomUUID().toString())
			.claim("roles", List.of("USER", "ADMIN"))
			.build();
	}

}
