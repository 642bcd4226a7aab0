package shop.user.ordering;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that answers product-service's {@code GET /api/products/availability} from a stock
 * table, and can be made slow, failing or stopped (its port then refuses connections) to test user-service's
 * product check. It keeps its port across stops, so the URL user-service was configured with stays right.
 */
final class FakeProductService implements AutoCloseable {

	private final int port;

	private final Map<UUID, Integer> stock = new ConcurrentHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	private volatile Duration delay = Duration.ZERO;

	private volatile int status = 200;

	private HttpServer server;

	FakeProductService() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		start();
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** Back to a running, fast, healthy service with an empty catalog and no requests counted. */
	synchronized void reset() {
		this.stock.clear();
		this.requests.set(0);
		this.delay = Duration.ZERO;
		this.status = 200;
		if (this.server == null) {
			start();
		}
	}

	void stock(UUID product, int units) {
		this.stock.put(product, units);
	}

	void answerAfter(Duration delay) {
		this.delay = delay;
	}

	void failWith(int status) {
		this.status = status;
	}

	/** Availability requests received since the last reset. */
	int requests() {
		return this.requests.get();
	}

	/** Stops listening: connections to the port are refused until {@link #reset()}. */
	synchronized void stop() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

	private synchronized void start() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 50);
			this.server.createContext("/api/products/availability", this::availability);
			this.server.setExecutor(Executors.newCachedThreadPool((task) -> {
				Thread thread = new Thread(task, "fake-product-service");
				thread.setDaemon(true);
				return thread;
			}));
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void availability(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.requests.incrementAndGet();
			Thread.sleep(this.delay.toMillis());
			if (this.status != 200) {
				exchange.sendResponseHeaders(this.status, -1);
				return;
			}
			String ids = exchange.getRequestURI().getQuery().replaceFirst("^ids=", "");
			String body = java.util.Arrays.stream(ids.split(","))
				.map(UUID::fromString)
				.filter(this.stock::containsKey)
				.map((id) -> "{\"id\":\"" + id + "\",\"stock\":" + this.stock.get(id) + "}")
				.collect(Collectors.joining(",", "[", "]"));
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
