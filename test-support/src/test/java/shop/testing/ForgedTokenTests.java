package shop.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forgeries are real attacks, not tokens any parser would refuse anyway: each one is exactly what a careless
 * verifier accepts. So a service passing {@link BrokenAuthenticationContract} passes because of its defences.
 */
class ForgedTokenTests {

	private static final TestJwtIssuer issuer = TestJwtIssuer.start();

	private static final UUID SUBJECT = UUID.randomUUID();

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@Test
	void theHmacForgeryVerifiesForAVerifierThatTakesTheAlgorithmFromTheToken() throws Exception {
		SignedJWT forged = SignedJWT.parse(ForgedToken.HMAC_WITH_THE_PUBLIC_KEY.forge(issuer, SUBJECT));
		byte[] publishedKey = ("-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(issuer.publicKey().toPublicKey().getEncoded())
				+ "\n-----END PUBLIC KEY-----\n")
			.getBytes(StandardCharsets.US_ASCII);

		assertThat(forged.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
		assertThat(forged.verify(new MACVerifier(publishedKey))).isTrue();
		assertThat(forged.getJWTClaimsSet().getStringListClaim("roles")).contains("ADMIN");
	}

	@Test
	void theUnsignedTokenCarriesValidClaims() throws Exception {
		PlainJWT forged = PlainJWT.parse(ForgedToken.ALG_NONE.forge(issuer, SUBJECT));

		assertThat(forged.getHeader().getAlgorithm().getName()).isEqualTo("none");
		assertThat(forged.getJWTClaimsSet().getSubject()).isEqualTo(SUBJECT.toString());
		assertThat(forged.getJWTClaimsSet().getIssuer()).isEqualTo(TestJwtIssuer.ISSUER);
	}

	@Test
	void theTamperedTokenKeepsAGenuineSignatureOverOtherClaims() throws Exception {
		String genuine = issuer.token(SUBJECT, "USER");
		String tampered = ForgedToken.TAMPERED_PAYLOAD.forge(issuer, SUBJECT);
		RSASSAVerifier verifier = new RSASSAVerifier(issuer.publicKey());

		assertThat(tampered.split("\\.")[0]).isEqualTo(genuine.split("\\.")[0]);
		assertThat(JWSObject.parse(genuine).verify(verifier)).isTrue();
		assertThat(JWSObject.parse(tampered).verify(verifier)).isFalse();
		assertThat(SignedJWT.parse(tampered).getJWTClaimsSet().getSubject()).isNotEqualTo(SUBJECT.toString());
	}

	@Test
	void theOtherForgeriesDifferFromAValidTokenOnlyInTheirDefect() throws Exception {
		RSASSAVerifier verifier = new RSASSAVerifier(issuer.publicKey());
		for (ForgedToken signedByTheTrustedKey : new ForgedToken[] { ForgedToken.EXPIRED, ForgedToken.NOT_YET_VALID,
				ForgedToken.WRONG_ISSUER, ForgedToken.WRONG_AUDIENCE }) {
			assertThat(SignedJWT.parse(signedByTheTrustedKey.forge(issuer, SUBJECT)).verify(verifier))
				.as(signedByTheTrustedKey.name())
				.isTrue();
		}
		assertThat(SignedJWT.parse(ForgedToken.SIGNED_WITH_ANOTHER_KEY.forge(issuer, SUBJECT)).verify(verifier))
			.isFalse();
	}

}
