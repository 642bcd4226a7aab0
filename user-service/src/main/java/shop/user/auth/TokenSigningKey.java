package shop.user.auth;

import java.security.interfaces.RSAPublicKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The service's token signing key pair, with its key id. The private half never leaves {@link TokenConfiguration}'s
 * encoder; {@link #publicJwks()} is what the world may see.
 *
 * @param rsaKey the key pair as a JWK
 */
record TokenSigningKey(RSAKey rsaKey) {

	String id() {
		return this.rsaKey.getKeyID();
	}

	RSAPublicKey publicKey() {
		try {
			return this.rsaKey.toRSAPublicKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The JWKS document: public parameters only ({@code kty, e, n, kid, use, alg}). */
	JWKSet publicJwks() {
		return new JWKSet(this.rsaKey.toPublicJWK());
	}

	@Override
	public String toString() {
		return "TokenSigningKey[kid=" + id() + "]";
	}

}
