package shop.user.ordering;

/** The {@code Idempotency-Key} header is empty, too long or holds characters that are not printable ASCII. */
public class InvalidIdempotencyKey extends RuntimeException {

	/** The message for the header's field entry. */
	public static final String MESSAGE = "must be 1 to 100 printable ASCII characters";

	/** The header's name, as the field of the validation message. */
	public static final String FIELD = IdempotencyKey.HEADER;

	public InvalidIdempotencyKey() {
		super(MESSAGE);
	}

}
