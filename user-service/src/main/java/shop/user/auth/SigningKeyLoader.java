package shop.user.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

import shop.user.UserServiceProperties.SigningKey;

/**
 * Finds the RSA key that signs tokens: configured PEM text, else a configured PEM resource, else a development key
 * generated once into a local file. The key id is the key's RFC 7638 thumbprint, so it is stable across restarts and
 * the same on every instance that shares the key.
 */
final class SigningKeyLoader {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeyLoader.class);

	private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";

	private static final String END = "-----END PRIVATE KEY-----";

	private static final int GENERATED_KEY_BITS = 2048;

	private SigningKeyLoader() {
	}

	static RSAKey load(SigningKey config, ResourceLoader resources) {
		if (StringUtils.hasText(config.pem())) {
			logger.info("Signing tokens with the key given in SHOP_JWT_SIGNING_KEY (shop.user.tokens.signing-key.pem).");
			return fromPem(config.pem());
		}
		if (StringUtils.hasText(config.location())) {
			Resource resource = resources.getResource(config.location());
			logger.info("Signing tokens with the key at {}.", config.location());
			try (InputStream in = resource.getInputStream()) {
				return fromPem(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot read the token signing key at " + config.location(), ex);
			}
		}
		return localDevelopmentKey(config.localFile());
	}

	/** Reads a PKCS#8 RSA private key ({@code -----BEGIN PRIVATE KEY-----}); the public half is derived from it. */
	static RSAKey fromPem(String pem) {
		String text = pem.strip();
		if (!text.startsWith(BEGIN) || !text.contains(END)) {
			throw new IllegalStateException("The token signing key must be a PKCS#8 PEM (" + BEGIN + ")");
		}
		String base64 = text.substring(BEGIN.length(), text.indexOf(END)).replaceAll("\\s", "");
		try {
			KeyFactory factory = KeyFactory.getInstance("RSA");
			if (!(factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)))
				instanceof RSAPrivateCrtKey privateKey)) {
				throw new IllegalStateException("The token signing key must be an RSA key with CRT parameters");
			}
			if (privateKey.getModulus().bitLength() < 2048) {
				throw new IllegalStateException("The token signing key must have at least 2048 bits");
			}
			RSAPublicKey publicKey = (RSAPublicKey) factory
				.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
			return withThumbprintId(new RSAKey.Builder(publicKey).privateKey(privateKey));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("The token signing key is not a valid PKCS#8 RSA private key", ex);
		}
	}

	static String toPem(RSAPrivateCrtKey key) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(key.getEncoded());
		return BEGIN + "\n" + base64 + "\n" + END + "\n";
	}

	/**
	 * The development key: read from {@code file} if present, else generated and written there readable by the owner
	 * only. Every instance started elsewhere generates another key, hence the warning.
	 */
	static RSAKey localDevelopmentKey(Path file) {
		Path absolute = file.toAbsolutePath().normalize();
		if (!Files.exists(absolute)) {
			generate(absolute);
		}
		logger.warn("Signing tokens with the locally generated key in {}. This is for local development only: "
				+ "configure SHOP_JWT_SIGNING_KEY or SHOP_JWT_SIGNING_KEY_LOCATION (a PKCS#8 PEM) anywhere else.",
				absolute);
		try {
			return fromPem(Files.readString(absolute, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the local token signing key " + absolute, ex);
		}
	}

	private static void generate(Path file) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(GENERATED_KEY_BITS);
			String pem = toPem((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
			Path directory = file.getParent();
			boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
			if (posix) {
				Files.createDirectories(directory,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			else {
				Files.createDirectories(directory);
			}
			// Written to a private temporary file first, then linked into place: a concurrent start-up either sees no
			// file or a complete one, and the first key written wins.
			Path temporary = posix
					? Files.createTempFile(directory, ".signing-key", ".tmp",
							PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
									PosixFilePermission.OWNER_WRITE)))
					: Files.createTempFile(directory, ".signing-key", ".tmp");
			try {
				Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
				try {
					Files.createLink(file, temporary);
					logger.warn("Generated a new token signing key in {} (local development only).", file);
				}
				catch (FileAlreadyExistsException ex) {
					// Another process was faster: use its key.
				}
				catch (UnsupportedOperationException ex) {
					// No hard links on this file system: a plain atomic rename, last writer wins.
					Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
				}
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the local token signing key " + file, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey withThumbprintId(RSAKey.Builder builder) {
		try {
			RSAKey key = builder.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
			String thumbprint = key.computeThumbprint().toString();
			return new RSAKey.Builder(key).keyID(thumbprint).build();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Only for messages: never log key material. */
	static String describe(RSAKey key) {
		return "RSA " + new BigInteger(1, key.getModulus().decode()).bitLength() + " bits, kid " + key.getKeyID();
	}

}
