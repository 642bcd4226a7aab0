package shop.user.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failure counts in this instance's memory. Expired windows are dropped as they are met and in a sweep when the map
 * grows large, so that a flood of made-up addresses cannot fill the heap.
 */
class InMemoryFailureCounter implements FailureCounter {

	private static final int SWEEP_ABOVE = 100_000;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	private final Clock clock;

	InMemoryFailureCounter(Clock clock) {
		this.clock = clock;
	}

	@Override
	public long increment(String key, Duration window) {
		Instant now = this.clock.instant();
		if (this.windows.size() > SWEEP_ABOVE) {
			this.windows.values().removeIf((w) -> !w.endsAt().isAfter(now));
		}
		return this.windows
			.compute(key, (k, w) -> (w == null || !w.endsAt().isAfter(now)) ? new Window(1, now.plus(window))
					: new Window(w.failures() + 1, w.endsAt()))
			.failures();
	}

	@Override
	public Count current(String key) {
		Instant now = this.clock.instant();
		Window window = this.windows.get(key);
		if (window == null || !window.endsAt().isAfter(now)) {
			return Count.NONE;
		}
		return new Count(window.failures(), Duration.between(now, window.endsAt()));
	}

	@Override
	public void clear(String key) {
		this.windows.remove(key);
	}

	private record Window(long failures, Instant endsAt) {
	}

}
