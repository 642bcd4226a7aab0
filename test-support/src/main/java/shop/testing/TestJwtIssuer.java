package shop.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for user-service as token issuer: a real JWKS endpoint on loopback and RS256 tokens signed with its key,
 * so a service can be tested with real JWT validation and without user-service.
 * <p>
 * {@code TestJwtIssuer.shared().token(userId, "USER")} gives a valid shopper token for any context that imported
 * {@link ShopTestInfrastructure} (which points {@code shop.security.jwks-uri} at the shared issuer);
 * {@link #tokenFor(UUID)} builds the invalid ones (expired, wrong issuer or audience, foreign key).
 */
public final class TestJwtIssuer implements AutoCloseable {

	/** The issuer user-service puts in its tokens. */
	public static final String ISSUER = "urn:shop:user-service";

	/** The audience every service requires. */
	public static final String AUDIENCE = "shop-api";

	/** Lifetime of a token unless changed. */
	public static final Duration LIFETIME = Duration.ofMinutes(15);

	private static final String JWKS_PATH = "/.well-known/jwks.json";

	private static TestJwtIssuer shared;

	private final RSAKey key;

	private final HttpServer server;

	private TestJwtIssuer(RSAKey key, HttpServer server) {
		this.key = key;
		this.server = server;
	}

	/**
	 * Starts a new issuer with its own key and JWKS server on 127.0.0.1 and a free port. Close it when done.
	 * @return the running issuer
	 */
	public static TestJwtIssuer start() {
		return signingWith(generateKey());
	}

	/**
	 * Starts an issuer that signs with the given key, e.g. the key of a running user-service, so that its tokens (and
	 * the {@link ForgedToken forgeries} made from them) look exactly like that service's own. Close it when done.
	 * @param key an RSA key pair with a key id
	 * @return the running issuer
	 */
	public static TestJwtIssuer signingWith(RSAKey key) {
		byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext(JWKS_PATH, (exchange) -> serve(exchange, jwks));
			// The server's dispatcher thread inherits daemon status from the thread that starts it: a daemon thread
			// keeps a forgotten issuer from holding the test JVM open.
			Thread starter = new Thread(server::start, "shop-test-jwks-start");
			starter.setDaemon(true);
			starter.start();
			starter.join();
			TestJwtIssuer issuer = new TestJwtIssuer(key, server);
			issuer.warmUp();
			return issuer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the test JWKS server", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The issuer shared by every context in this JVM, started on first use; its JWKS URI is what
	 * {@link ShopTestInfrastructure} registers as {@code shop.security.jwks-uri}.
	 * @return the shared issuer
	 */
	public static synchronized TestJwtIssuer shared() {
		if (shared == null) {
			shared = start();
		}
		return shared;
	}

	/** Where the public key is served, e.g. {@code http://127.0.0.1:41234/.well-known/jwks.json}. */
	public URI jwksUri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + JWKS_PATH);
	}

	/** The public half of the signing key, as a JWK. */
	public RSAKey publicKey() {
		return this.key.toPublicJWK();
	}

	/** The key id ({@code kid}) of the signing key. */
	public String keyId() {
		return this.key.getKeyID();
	}

	/**
	 * A valid token as user-service would issue it.
	 * @param subject the user id
	 * @param roles e.g. {@code "USER"}, {@code "ADMIN"}
	 * @return the signed compact JWT
	 */
	public String token(UUID subject, String... roles) {
		return tokenFor(subject).roles(roles).build();
	}

	/**
	 * Starts a token with valid defaults (this issuer, the shop audience, 15 minutes, role {@code USER}) to be bent
	 * into a bad one.
	 * @param subject the user id
	 * @return a builder
	 */
	public Token tokenFor(UUID subject) {
		return new Token(subject.toString());
	}

	/**
	 * Serves the JWKS once before anyone depends on it: JWT decoders fetch it with sub-second timeouts (Nimbus
	 * defaults), and on a loaded machine the very first exchange (class loading in client and server) can miss them.
	 */
	private void warmUp() {
		try (InputStream in = jwksUri().toURL().openStream()) {
			in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The test JWKS server does not answer at " + jwksUri(), ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static void serve(HttpExchange exchange, byte[] body) throws IOException {
		try (exchange) {
			if (!"GET".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyID(UUID.randomUUID().toString())
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A token being built; every setter returns this builder. */
	public final class Token {

		private String subject;

		private String issuer = ISSUER;

		private List<String> audience = List.of(AUDIENCE);

		private List<String> roles = List.of("USER");

		private Instant issuedAt = Instant.now();

		private Instant expiresAt = this.issuedAt.plus(LIFETIME);

		private Instant notBefore;

		private final Map<String, Object> claims = new LinkedHashMap<>();

		private RSAKey signingKey = TestJwtIssuer.this.key;

		private Token(String subject) {
			this.subject = subject;
		}

		/** Replaces the subject, e.g. with something that is not a UUID. */
		public Token subject(String subject) {
			this.subject = subject;
			return this;
		}

		/** The {@code roles} claim, e.g. {@code "USER", "ADMIN"}; none gives an empty array. */
		public Token roles(String... roles) {
			this.roles = List.of(roles);
			return this;
		}

		/** Another issuer than user-service. */
		public Token issuer(String issuer) {
			this.issuer = issuer;
			return this;
		}

		/** Other audiences than {@code shop-api}. */
		public Token audience(String... audience) {
			this.audience = Arrays.asList(audience);
			return this;
		}

		/** Issued and expired in the past (expired 5 minutes ago, beyond usual clock skew allowances). */
		public Token expired() {
			this.issuedAt = Instant.now().minus(Duration.ofMinutes(20));
			this.expiresAt = Instant.now().minus(Duration.ofMinutes(5));
			return this;
		}

		/** An explicit expiry. */
		public Token expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		/** Not valid before the given time, e.g. 10 minutes in the future. */
		public Token notBefore(Instant notBefore) {
			this.notBefore = notBefore;
			return this;
		}

		/** Any further claim. */
		public Token claim(String name, Object value) {
			this.claims.put(name, value);
			return this;
		}

		/** Signed by a key that is not in the JWKS, under the same key id (a forgery). */
		public Token signedWithForeignKey() {
			this.signingKey = new RSAKey.Builder(generateKey()).keyID(TestJwtIssuer.this.key.getKeyID()).build();
			return this;
		}

		/** Signs and serialises the token. */
		public String build() {
			JWTClaimsSet.Builder claimSet = new JWTClaimsSet.Builder().subject(this.subject)
				.issuer(this.issuer)
				.audience(this.audience)
				.issueTime(Date.from(this.issuedAt))
				.expirationTime(Date.from(this.expiresAt))
				.jwtID(UUID.randomUUID().toString())
				.claim("roles", new ArrayList<>(this.roles));
			if (this.notBefore != null) {
				claimSet.notBeforeTime(Date.from(this.notBefore));
			}
			this.claims.forEach(claimSet::claim);
			JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
				.keyID(this.signingKey.getKeyID())
				.build();
			SignedJWT jwt = new SignedJWT(header, claimSet.build());
			try {
				jwt.sign(new RSASSASigner(this.signingKey));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
			return jwt.serialize();
		}

	}

}
