package shop.benchmark;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Where one compared load goes: a name for the report and the requests to send, each built when it is due (an order
 * needs its own Idempotency-Key), with the status that counts as success.
 */
record Target(String name, Requests requests) {

	/** GET of one URI, answered 200. */
	static Target get(String name, URI uri) {
		return new Target(name, new Requests() {

			@Override
			public HttpRequest next(Duration timeout) {
				return HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
			}

			@Override
			public int okStatus() {
				return 200;
			}

		});
	}

	/** The requests of a load. */
	interface Requests {

		HttpRequest next(Duration timeout);

		int okStatus();

		/** Called with each successful answer and when it came ({@link System#nanoTime()}); the body is kept only if
		 * {@link #wantsBody()}. */
		default void answered(HttpResponse<String> response, long answeredNanos) {
		}

		default boolean wantsBody() {
			return false;
		}

	}

}
