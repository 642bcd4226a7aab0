package shop.user.auth;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;

/** RSA keys for tests, generated once per JVM: generating one costs tens of milliseconds. */
final class TestKeys {

	static final String PEM = generatePem();

	static final String OTHER_PEM = generatePem();

	private TestKeys() {
	}

	static String generatePem() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return SigningKeyLoader.toPem((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
