package shop.gateway.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import shop.testing.TestJwtIssuer;

/**
 * Tokens an attacker would forge, beyond what {@link TestJwtIssuer}'s builder bends: unsigned ({@code alg: none}),
 * HMAC-signed with the issuer's public key as the secret (the classic RS256/HS256 confusion), and a genuine token
 * whose payload was changed after signing.
 */
final class CraftedTokens {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private CraftedTokens() {
	}

	static String unsigned(UUID subject) {
		String header = BASE64URL.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		return header + "." + payloadOf(validClaims(subject)) + ".";
	}

	static String hmacWithThePublicKey(TestJwtIssuer issuer, UUID subject) throws Exception {
		RSAKey publicKey = publicKey(issuer);
		// What a confused verifier would use as the HMAC secret: the published key's bytes.
		byte[] secret = publicKey.toRSAPublicKey().getEncoded();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
			.keyID(publicKey.getKeyID())
			.build(), validClaims(subject));
		jwt.sign(new MACSigner(secret));
		return jwt.serialize();
	}

	static String tampered(String genuine, UUID otherSubject) {
		String[] parts = genuine.split("\\.");
		return parts[0] + "." + payloadOf(validClaims(otherSubject)) + "." + parts[2];
	}

	private static JWTClaimsSet validClaims(UUID subject) {
		long now = System.currentTimeMillis();
		return new JWTClaimsSet.Builder().subject(subject.toString())
			.issuer(TestJwtIssuer.ISSUER)
			.audience(TestJwtIssuer.AUDIENCE)
			.issueTime(new java.util.Date(now))
			.expirationTime(new java.util.Date(now + 600_000))
			.claim("roles", java.util.List.of("USER", "ADMIN"))
			.build();
	}

	private static String payloadOf(JWTClaimsSet claims) {
		return BASE64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static RSAKey publicKey(TestJwtIssuer issuer) throws Exception {
		HttpResponse<String> jwks = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(issuer.jwksUri().toString())).build(),
					HttpResponse.BodyHandlers.ofString());
		return (RSAKey) JWKSet.parse(jwks.body()).getKeys().get(0);
	}

}
