package shop.benchmark;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

/**
 * Sends requests at a fixed arrival rate, each at its intended start ({@link ArrivalSchedule}), without waiting
 * for earlier answers: the JDK's asynchronous HttpClient keeps as many requests in flight as the server needs. A
 * slice ends when its last request has answered or timed out, so the next slice (often another target) starts clean.
 */
final class OpenLoop {

	/** The error kind of the gateway's per-client limit's answers. */
	static final String RATE_LIMITED = "429";

	/** The error kind of requests that neither answered nor timed out when their slice ended. */
	static final String UNANSWERED = "unanswered";

	private final HttpClient http;

	private final Duration timeout;

	OpenLoop(HttpClient http, Duration timeout) {
		this.http = http;
		this.timeout = timeout;
	}

	Measurement.Slice run(Target.Requests requests, double ratePerSecond, Duration duration) {
		HttpResponse.BodyHandler<String> body = requests.wantsBody() ? HttpResponse.BodyHandlers.ofString()
				: HttpResponse.BodyHandlers.replacing("");
		ArrivalSchedule schedule = new ArrivalSchedule(System.nanoTime(), ratePerSecond, duration);
		long count = schedule.count();
		Recorder latencies = new Recorder(3);
		Map<String, LongAdder> errors = new ConcurrentHashMap<>();
		CountDownLatch answered = new CountDownLatch((int) count);
		for (long i = 0; i < count; i++) {
			long intended = schedule.intendedStart(i);
			for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			this.http.sendAsync(requests.next(this.timeout), body).whenComplete((response, failure) -> {
				long now = System.nanoTime();
				latencies.recordValue(Math.max(0, (now - intended) / 1000));
				if (failure != null || response.statusCode() != requests.okStatus()) {
					String kind = (failure != null) ? failureKind(failure) : String.valueOf(response.statusCode());
					errors.computeIfAbsent(kind, (k) -> new LongAdder()).increment();
				}
				else {
					requests.answered(response, now);
				}
				answered.countDown();
			});
		}
		awaitAnswers(answered);
		// Requests that neither answered nor timed out by now are lost: errors, at the longest latency seen.
		long lost = answered.getCount();
		long elapsed = System.nanoTime() - schedule.startNanos();
		Map<String, Long> errorCounts = new TreeMap<>();
		errors.forEach((kind, adder) -> errorCounts.put(kind, adder.sum()));
		if (lost > 0) {
			errorCounts.merge(UNANSWERED, lost, Long::sum);
		}
		return new Measurement.Slice(latencies.getIntervalHistogram(), count, errorCounts,
				Math.max(elapsed, duration.toNanos()));
	}

	/**
	 * What went wrong with a request that got no answer, in a word or two: a report that says "503 4000, timeout
	 * 640" tells shed load from a stalled server, which an error count alone does not.
	 */
	static String failureKind(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof HttpConnectTimeoutException) {
			return "connect timeout";
		}
		if (cause instanceof HttpTimeoutException) {
			return "timeout";
		}
		if (cause instanceof ConnectException) {
			return "refused";
		}
		return cause.getClass().getSimpleName();
	}

	private void awaitAnswers(CountDownLatch answered) {
		try {
			answered.await(this.timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
