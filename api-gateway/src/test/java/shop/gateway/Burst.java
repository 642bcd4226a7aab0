package shop.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Calls that reach the gateway at the same moment, each on its own thread: what concurrency limits are about. */
public final class Burst {

	private Burst() {
	}

	/**
	 * Releases every call at once and waits for all of them.
	 * @return their answers, in the order of the calls
	 */
	public static <T> List<T> send(List<? extends Callable<T>> calls) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(calls.size());
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<T>> answers = new ArrayList<>();
			for (Callable<T> call : calls) {
				answers.add(threads.submit(() -> {
					go.await();
					return call.call();
				}));
			}
			go.countDown();
			List<T> answered = new ArrayList<>();
			for (Future<T> answer : answers) {
				answered.add(answer.get(30, TimeUnit.SECONDS));
			}
			return answered;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
