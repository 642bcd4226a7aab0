package shop.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down password guessing (OWASP API2:2023): failures are counted per e-mail address, whether or not it has an
 * account (so a refusal tells nothing about which addresses exist), and per client address; past a limit, sign-ins
 * for that address or from that client are refused until the window ends, even with the right password. A success
 * clears the address's count. When the counter's store fails (Redis down), sign-in goes on unthrottled and says so in
 * the log: the throttle must not lock every shopper out.
 */
class SignInThrottle {

	private static final Logger logger = LoggerFactory.getLogger(SignInThrottle.class);

	private final FailureCounter counter;

	private final SignInThrottleProperties properties;

	SignInThrottle(FailureCounter counter, SignInThrottleProperties properties) {
		this.counter = counter;
		this.properties = properties;
	}

	/** @throws TooManySignIns when the address or the client is refused for now */
	void check(String email, String client) {
		try {
			FailureCounter.Count account = this.counter.current(accountKey(email));
			FailureCounter.Count origin = this.counter.current(clientKey(client));
			Duration wait = Duration.ZERO;
			if (account.failures() >= this.properties.maxFailuresPerAccount()) {
				wait = account.remaining();
			}
			if (origin.failures() >= this.properties.maxFailuresPerClient() && origin.remaining().compareTo(wait) > 0) {
				wait = origin.remaining();
			}
			if (!wait.isZero()) {
				throw new TooManySignIns(wait);
			}
		}
		catch (RuntimeException ex) {
			if (ex instanceof TooManySignIns) {
				throw ex;
			}
			logger.warn("Sign-in throttle unavailable, not throttling: {}", String.valueOf(ex));
		}
	}

	void failed(String email, String client) {
		try {
			this.counter.increment(accountKey(email), this.properties.window());
			this.counter.increment(clientKey(client), this.properties.window());
		}
		catch (RuntimeException ex) {
			logger.warn("Sign-in throttle unavailable, failure not counted: {}", String.valueOf(ex));
		}
	}

	void succeeded(String email) {
		try {
			this.counter.clear(accountKey(email));
		}
		catch (RuntimeException ex) {
			logger.warn("Sign-in throttle unavailable, success not recorded: {}", String.valueOf(ex));
		}
	}

	// Hashed: the store holds no e-mail addresses.
	private static String accountKey(String email) {
		return "account:" + sha256(email.strip().toLowerCase(Locale.ROOT));
	}

	private static String clientKey(String client) {
		return "client:" + client;
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
