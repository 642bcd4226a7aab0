package shop.benchmark;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

/**
 * Sends requests at a fixed arrival rate, each at its intended start ({@link ArrivalSchedule}), without waiting
 * for earlier answers: the JDK's asynchronous HttpClient keeps as many requests in flight as the server needs. A
 * slice ends when its last request has answered or timed out, so the next slice (often another target) starts clean.
 */
final class OpenLoop {

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
		AtomicLong errors = new AtomicLong();
		AtomicLong rateLimited = new AtomicLong();
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
					errors.incrementAndGet();
				}
				else {
					requests.answered(response, now);
				}
				if (response != null && response.statusCode() == 429) {
					rateLimited.incrementAndGet();
				}
				answered.countDown();
			});
		}
		awaitAnswers(answered);
		// Requests that neither answered nor timed out by now are lost: errors, at the longest latency seen.
		long lost = answered.getCount();
		long elapsed = System.nanoTime() - schedule.startNanos();
		return new Measurement.Slice(latencies.getIntervalHistogram(), count, errors.get() + lost, rateLimited.get(),
				Math.max(elapsed, duration.toNanos()));
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
