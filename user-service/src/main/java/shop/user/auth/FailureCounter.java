package shop.user.auth;

import java.time.Duration;

/** Counts failures per key in fixed windows that start with a key's first failure. */
interface FailureCounter {

	/**
	 * Counts one failure.
	 * @param key what failed (an account or a client, already anonymised)
	 * @param window how long the count lives after its first failure
	 * @return the failures counted in the key's current window, this one included
	 */
	long increment(String key, Duration window);

	/**
	 * The key's state.
	 * @return the failures in its current window and how long that window still runs ({@code ZERO} when none)
	 */
	Count current(String key);

	/** Forgets the key's failures. */
	void clear(String key);

	/**
	 * A key's failures.
	 *
	 * @param failures failures in the current window
	 * @param remaining how long the window still runs
	 */
	record Count(long failures, Duration remaining) {

		static final Count NONE = new Count(0, Duration.ZERO);

	}

}
