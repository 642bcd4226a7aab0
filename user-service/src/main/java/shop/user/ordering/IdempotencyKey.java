package shop.user.ordering;

import java.util.regex.Pattern;

/**
 * A client's {@code Idempotency-Key}: 1 to 100 printable ASCII characters.
 *
 * @param value the key as sent
 */
record IdempotencyKey(String value) {

	static final String HEADER = "Idempotency-Key";

	private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]{1,100}");

	IdempotencyKey {
		if (value == null || !PRINTABLE.matcher(value).matches() || value.isBlank()) {
			throw new InvalidIdempotencyKey();
		}
	}

	/** The key from a header value, or null when the header was not sent. */
	static IdempotencyKey ofHeader(String header) {
		return (header != null) ? new IdempotencyKey(header) : null;
	}

}
