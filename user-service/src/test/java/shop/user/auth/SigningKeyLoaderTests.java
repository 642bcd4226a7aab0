package shop.user.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;

import shop.user.UserServiceProperties.SigningKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningKeyLoaderTests {

	@TempDir
	Path directory;

	@Test
	void generatesALocalKeyOnceReadableByTheOwnerOnly() throws Exception {
		Path file = this.directory.resolve("keys/signing-key.pem");

		RSAKey first = SigningKeyLoader.load(new SigningKey(null, null, file), new DefaultResourceLoader());
		RSAKey second = SigningKeyLoader.load(new SigningKey(null, "", file), new DefaultResourceLoader());

		assertThat(first.getKeyID()).isEqualTo(second.getKeyID());
		assertThat(first.toRSAPublicKey()).isEqualTo(second.toRSAPublicKey());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");
		assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
		try (var leftovers = Files.list(file.getParent())) {
			assertThat(leftovers).containsExactly(file);
		}
	}

	@Test
	void prefersAConfiguredPemOverTheLocalFile() {
		Path file = this.directory.resolve("never-written.pem");

		RSAKey key = SigningKeyLoader.load(new SigningKey(TestKeys.PEM, null, file), new DefaultResourceLoader());

		assertThat(key.getKeyID()).isEqualTo(SigningKeyLoader.fromPem(TestKeys.PEM).getKeyID());
		assertThat(file).doesNotExist();
	}

	@Test
	void readsAPemFromAConfiguredLocation() throws Exception {
		Path pem = Files.writeString(this.directory.resolve("mounted-secret.pem"), TestKeys.PEM);

		RSAKey key = SigningKeyLoader.load(new SigningKey(null, pem.toUri().toString(), this.directory.resolve("x")),
				new DefaultResourceLoader());

		assertThat(key.getKeyID()).isEqualTo(SigningKeyLoader.fromPem(TestKeys.PEM).getKeyID());
	}

	@Test
	void derivesAStableKeyIdFromTheKeyItself() {
		assertThat(SigningKeyLoader.fromPem(TestKeys.PEM).getKeyID())
			.isEqualTo(SigningKeyLoader.fromPem(TestKeys.PEM).getKeyID())
			.isNotEqualTo(SigningKeyLoader.fromPem(TestKeys.OTHER_PEM).getKeyID());
	}

	@Test
	void refusesSomethingThatIsNotAPkcs8Pem() {
		assertThatIllegalStateException().isThrownBy(() -> SigningKeyLoader.fromPem("-----BEGIN RSA PRIVATE KEY-----"));
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKeyLoader.fromPem("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----"));
	}

}
