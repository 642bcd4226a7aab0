package shop.user.auth;

import java.time.Duration;

/** Sign-ins for this address or from this client are refused for a while after too many failures. */
public class TooManySignIns extends RuntimeException {

	/** The same words for a known and an unknown address. */
	public static final String DETAIL = "Too many failed sign-ins. Try again later.";

	private final Duration retryAfter;

	TooManySignIns(Duration retryAfter) {
		super(DETAIL);
		this.retryAfter = retryAfter;
	}

	/** When to try again, in whole seconds rounded up (at least one). */
	public long retryAfterSeconds() {
		return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
	}

}
