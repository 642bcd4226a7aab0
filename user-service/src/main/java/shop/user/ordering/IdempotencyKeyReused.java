package shop.user.ordering;

/** The caller used an {@code Idempotency-Key} again, but for a different order. */
public class IdempotencyKeyReused extends RuntimeException {

	public IdempotencyKeyReused() {
		super("This Idempotency-Key was already used for a different order request.");
	}

}
