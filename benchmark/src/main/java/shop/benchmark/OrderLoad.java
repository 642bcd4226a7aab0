package shop.benchmark;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/orders} through the gateway, as a client places orders: the shoppers take turns (the gateway limits
 * placements per shopper), each order is one unit of one product (products in turn, so no shopper reaches the
 * purchase limit of one product early) and carries its own Idempotency-Key. Success is 202.
 */
final class OrderLoad implements Target.Requests {

	private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

	private final URI orders;

	private final List<String> tokens;

	private final List<String> products;

	private final AtomicLong sequence = new AtomicLong();

	private volatile BiConsumer<UUID, Long> accepted = (order, nanos) -> {
	};

	OrderLoad(URI gateway, List<String> tokens, List<String> products) {
		if (tokens.isEmpty() || products.isEmpty()) {
			throw new IllegalArgumentException("orders need at least one shopper and one product");
		}
		this.orders = gateway.resolve("/api/orders");
		this.tokens = List.copyOf(tokens);
		this.products = List.copyOf(products);
	}

	/** From now on, each accepted order's id and the time its 202 arrived go to the listener (G5). */
	void onAccepted(BiConsumer<UUID, Long> listener) {
		this.accepted = listener;
	}

	@Override
	public HttpRequest next(Duration timeout) {
		long i = this.sequence.getAndIncrement();
		String token = this.tokens.get((int) (i % this.tokens.size()));
		String product = this.products.get((int) ((i / this.tokens.size()) % this.products.size()));
		return HttpRequest.newBuilder(this.orders)
			.timeout(timeout)
			.header("Authorization", "Bearer " + token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"productId\":\"" + product
					+ "\",\"quantity\":1}]}"))
			.build();
	}

	@Override
	public int okStatus() {
		return 202;
	}

	@Override
	public boolean wantsBody() {
		return true;
	}

	@Override
	public void answered(HttpResponse<String> response, long answeredNanos) {
		Matcher matcher = ORDER_ID.matcher(response.body());
		if (matcher.find()) {
			this.accepted.accept(UUID.fromString(matcher.group(1)), answeredNanos);
		}
	}

}
