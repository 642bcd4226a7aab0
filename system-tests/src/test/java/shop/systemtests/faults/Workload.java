package shop.systemtests.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import shop.systemtests.faults.FaultShop.Shopper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives orders through the gateway as careful clients would: each order has its own {@code Idempotency-Key}, and a
 * request that fails in a way that may be temporary (no answer, 429, 5xx) is sent again with the same key and body
 * until it is acknowledged or the retry window ends. Every request and answer is recorded with its timing, for the
 * invariants. Orders are paced evenly over the stream's duration, a few in flight at once.
 */
final class Workload {

	/** A client gives up on one request after this long (I8: nothing may take longer). */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final URI gateway;

	private final ScheduledExecutorService clients;

	private final Random random;

	private final boolean shedIsFinal;

	private Workload(URI gateway, long seed, int clients, boolean shedIsFinal) {
		this.gateway = gateway;
		this.random = new Random(seed);
		this.shedIsFinal = shedIsFinal;
		this.clients = Executors.newScheduledThreadPool(clients, (task) -> {
			Thread thread = new Thread(task, "fault-workload");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Starts a stream of orders; returns at once.
	 * @param gateway where to send them
	 * @param shoppers who orders (round robin)
	 * @param products what may be ordered: each order takes one or two of them, 1 to 3 units each
	 * @param orders how many orders
	 * @param over the time the orders are spread over
	 * @param retryWindow how long after its first attempt an order is still retried
	 * @param confirmReceipt whether a client also reads its order after the 202 and, if it cannot (order-service
	 * away), sends the same request again to make sure it was taken (the answer must name the same order)
	 * @return the running stream
	 */
	static Stream start(URI gateway, List<Shopper> shoppers, List<UUID> products, int orders, Duration over,
			Duration retryWindow, boolean confirmReceipt) {
		return start(gateway, shoppers, products, orders, over, retryWindow, confirmReceipt, 4);
	}

	/**
	 * As {@link #start(URI, List, List, int, Duration, Duration, boolean)}, with this many client threads (each
	 * waits for its answer): enough of them keep the pace whatever the latency, as independent shoppers would.
	 */
	static Stream start(URI gateway, List<Shopper> shoppers, List<UUID> products, int orders, Duration over,
			Duration retryWindow, boolean confirmReceipt, int clients) {
		Workload workload = new Workload(gateway, orders * 31L + products.hashCode(), clients, false);
		return workload.run(shoppers, products, orders, over, retryWindow, confirmReceipt);
	}

	/**
	 * As {@link #start(URI, List, List, int, Duration, Duration, boolean, int)} without receipts, for overload: a
	 * shed answer (429 or 503, see {@link Attempt#shed()}) is final, as the excess of an overload goes away rather
	 * than coming back at once; anything else that may be retried (no answer, other 5xx) is, with the same key.
	 */
	static Stream startShedding(URI gateway, List<Shopper> shoppers, List<UUID> products, int orders, Duration over,
			Duration retryWindow, int clients) {
		Workload workload = new Workload(gateway, orders * 37L + products.hashCode(), clients, true);
		return workload.run(shoppers, products, orders, over, retryWindow, false);
	}

	private Stream run(List<Shopper> shoppers, List<UUID> products, int count, Duration over, Duration retryWindow,
			boolean confirmReceipt) {
		List<Order> orders = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Map<UUID, Integer> lines = new LinkedHashMap<>();
			int distinct = 1 + this.random.nextInt(Math.min(2, products.size()));
			List<UUID> shuffled = new ArrayList<>(products);
			Collections.shuffle(shuffled, this.random);
			for (UUID product : shuffled.subList(0, distinct)) {
				lines.put(product, 1 + this.random.nextInt(3));
			}
			orders.add(new Order("fault-" + UUID.randomUUID(), shoppers.get(i % shoppers.size()), lines,
					this.shedIsFinal));
		}
		Stream stream = new Stream(orders, this.clients);
		long interval = over.toNanos() / Math.max(1, count);
		for (int i = 0; i < count; i++) {
			Order order = orders.get(i);
			CompletableFuture<Void> done = new CompletableFuture<>();
			stream.pending.add(done);
			this.clients.schedule(() -> attempt(stream, order, System.nanoTime() + retryWindow.toNanos(),
					confirmReceipt, done), i * interval, TimeUnit.NANOSECONDS);
		}
		return stream;
	}

	private void attempt(Stream stream, Order order, long deadline, boolean confirmReceipt,
			CompletableFuture<Void> done) {
		try {
			Attempt attempt = place(order);
			order.attempts.add(attempt);
			boolean shed = order.mayBeShed() && attempt.shed();
			boolean retry = attempt.mayRetry() && !shed && System.nanoTime() < deadline;
			if (attempt.status() == 202 || !attempt.mayRetry() || shed) {
				stream.answered.incrementAndGet();
			}
			if (attempt.status() == 202) {
				if (confirmReceipt && !order.confirmedReceipt && !canRead(order, attempt.orderId())) {
					// Unsure the order was taken: ask again with the same key (it must not make a second order).
					retry = System.nanoTime() < deadline;
				}
				else {
					order.confirmedReceipt = true;
					retry = false;
				}
			}
			if (retry) {
				this.clients.schedule(() -> attempt(stream, order, deadline, confirmReceipt, done),
						attempt.retryAfter().toMillis(), TimeUnit.MILLISECONDS);
			}
			else {
				done.complete(null);
			}
		}
		catch (RuntimeException ex) {
			done.completeExceptionally(ex);
		}
	}

	private Attempt place(Order order) {
		List<Map<String, Object>> items = order.lines()
			.entrySet()
			.stream()
			.map((e) -> Map.<String, Object>of("productId", e.getKey().toString(), "quantity", e.getValue()))
			.toList();
		HttpRequest request = HttpRequest.newBuilder(this.gateway.resolve("/api/orders"))
			.timeout(REQUEST_TIMEOUT)
			.header("Accept", "application/json, application/problem+json")
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + order.shopper().token())
			.header("Idempotency-Key", order.key())
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(Map.of("items", items))))
			.build();
		long begin = System.nanoTime();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			Duration took = Duration.ofNanos(System.nanoTime() - begin);
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			UUID orderId = null;
			if (response.statusCode() == 202) {
				JsonNode body = this.json.readTree(response.body());
				orderId = UUID.fromString(body.path("orderId").asString());
			}
			Duration retryAfter = response.headers()
				.firstValue("Retry-After")
				.map((seconds) -> Duration.ofSeconds(Long.parseLong(seconds.trim())))
				.orElse(RETRY_PAUSE);
			return new Attempt(begin, took, response.statusCode(), contentType, orderId, null, retryAfter);
		}
		catch (HttpTimeoutException ex) {
			return new Attempt(begin, Duration.ofNanos(System.nanoTime() - begin), 0, "", null, "timeout",
					RETRY_PAUSE);
		}
		catch (IOException ex) {
			return new Attempt(begin, Duration.ofNanos(System.nanoTime() - begin), 0, "", null, ex.toString(),
					RETRY_PAUSE);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private boolean canRead(Order order, UUID orderId) {
		HttpRequest request = HttpRequest.newBuilder(this.gateway.resolve("/api/orders/" + orderId))
			.timeout(REQUEST_TIMEOUT)
			.header("Accept", "application/json, application/problem+json")
			.header("Authorization", "Bearer " + order.shopper().token())
			.GET()
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** One order a client wants placed, and every request it sent for it. */
	static final class Order {

		private final String key;

		private final Shopper shopper;

		private final Map<UUID, Integer> lines;

		private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());

		private final boolean mayBeShed;

		private volatile boolean confirmedReceipt;

		Order(String key, Shopper shopper, Map<UUID, Integer> lines, boolean mayBeShed) {
			this.key = key;
			this.shopper = shopper;
			this.lines = Map.copyOf(lines);
			this.mayBeShed = mayBeShed;
		}

		String key() {
			return this.key;
		}

		Shopper shopper() {
			return this.shopper;
		}

		Map<UUID, Integer> lines() {
			return this.lines;
		}

		List<Attempt> attempts() {
			synchronized (this.attempts) {
				return List.copyOf(this.attempts);
			}
		}

		/** The order ids that 202 answers named (one, if idempotency holds; none if never acknowledged). */
		List<UUID> acknowledgedIds() {
			return attempts().stream().filter((a) -> a.status() == 202).map(Attempt::orderId).distinct().toList();
		}

		boolean acknowledged() {
			return !acknowledgedIds().isEmpty();
		}

		/** Whether a shed answer ends this order (an overload's excess) instead of being retried. */
		boolean mayBeShed() {
			return this.mayBeShed;
		}

		/** Whether the order's final answer was a shed one: never placed, and the client was told so. */
		boolean shed() {
			List<Attempt> attempts = attempts();
			return this.mayBeShed && !acknowledged() && !attempts.isEmpty()
					&& attempts.get(attempts.size() - 1).shed();
		}

	}

	/**
	 * One request and its answer.
	 *
	 * @param startNanos when it was sent ({@link System#nanoTime()})
	 * @param took until the answer (or the failure)
	 * @param status the HTTP status, 0 when there was no answer
	 * @param contentType of the answer
	 * @param orderId what a 202 named
	 * @param error why there was no answer
	 * @param retryAfter when a retry may go
	 */
	record Attempt(long startNanos, Duration took, int status, String contentType, UUID orderId, String error,
			Duration retryAfter) {

		boolean mayRetry() {
			return this.status == 0 || this.status == 429 || this.status >= 500;
		}

		/**
		 * Turned away before reaching the service: 429 by a rate limit, 503 by the gateway's admission control (or
		 * an open circuit breaker; the overload scenario checks the 503s against the gateway's shed counter).
		 */
		boolean shed() {
			return this.status == 429 || this.status == 503;
		}

		boolean timedOut() {
			return "timeout".equals(this.error);
		}

		/** The wall-clock time it was sent, to find it in the logs. */
		Instant sentAt() {
			return Instant.now().minusNanos(System.nanoTime() - this.startNanos);
		}

	}

	/** A running stream of orders. */
	static final class Stream {

		private final List<Order> orders;

		private final List<ScheduledExecutorService> clients;

		private final List<CompletableFuture<Void>> pending = new ArrayList<>();

		private final AtomicInteger answered = new AtomicInteger();

		private Stream(List<Order> orders, ScheduledExecutorService clients) {
			this.orders = List.copyOf(orders);
			this.clients = List.of(clients);
		}

		private Stream(Stream first, Stream second) {
			List<Order> orders = new ArrayList<>(first.orders);
			orders.addAll(second.orders);
			this.orders = List.copyOf(orders);
			List<ScheduledExecutorService> clients = new ArrayList<>(first.clients);
			clients.addAll(second.clients);
			this.clients = List.copyOf(clients);
			this.pending.addAll(first.pending);
			this.pending.addAll(second.pending);
			this.answered.set(first.answers() + second.answers());
		}

		/** Both streams as one, for a scenario that sends in phases (their answers so far, no longer counted). */
		static Stream concat(Stream first, Stream second) {
			return new Stream(first, second);
		}

		/** Every order of the stream, with the attempts made so far. */
		List<Order> orders() {
			return this.orders;
		}

		/** How many final answers (202, or a refusal such as 422) came so far, repeated requests included. */
		int answers() {
			return this.answered.get();
		}

		/** Whether every order has its final answer (acknowledged, refused, or out of retries). */
		boolean isDone() {
			return this.pending.stream().allMatch(CompletableFuture::isDone);
		}

		/**
		 * Waits until every order is acknowledged or out of retries.
		 * @param timeout at most this long
		 * @return the orders with their attempts
		 */
		List<Order> await(Duration timeout) {
			try {
				CompletableFuture.allOf(this.pending.toArray(CompletableFuture[]::new))
					.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
				return this.orders;
			}
			catch (Exception ex) {
				throw new IllegalStateException("The order stream did not finish within " + timeout, ex);
			}
			finally {
				this.clients.forEach(ScheduledExecutorService::shutdownNow);
			}
		}

	}

}
