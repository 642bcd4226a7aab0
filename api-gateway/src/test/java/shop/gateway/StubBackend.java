package shop.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback standing in for a service: it answers 200 JSON and remembers what it was sent. A
 * query {@code delay=<ms>} makes it answer that much later (a slow service).
 */
public final class StubBackend implements AutoCloseable {

	public record Received(String method, String path, String authorization, String xForwardedFor,
			String forwarded, String traceparent) {
	}

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "stub-backend");
		thread.setDaemon(true);
		return thread;
	});

	private final String name;

	public final List<Received> received = new CopyOnWriteArrayList<>();

	public StubBackend(String name) throws IOException {
		this.name = name;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::answer);
		this.server.setExecutor(this.threads);
		// The dispatcher thread inherits daemon status from its starter: a stub never holds the test JVM open.
		Thread starter = new Thread(this.server::start, "stub-backend-start");
		starter.setDaemon(true);
		starter.start();
		try {
			starter.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static StubBackend start(String name) {
		try {
			return new StubBackend(name);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void answer(HttpExchange exchange) throws IOException {
		this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Authorization"),
				String.join(",", exchange.getRequestHeaders().getOrDefault("X-Forwarded-For", java.util.List.of())),
				String.join(",", exchange.getRequestHeaders().getOrDefault("Forwarded", java.util.List.of())),
				exchange.getRequestHeaders().getFirst("traceparent")));
		exchange.getRequestBody().readAllBytes();
		String query = exchange.getRequestURI().getQuery();
		if (query != null && query.startsWith("delay=")) {
			try {
				Thread.sleep(Long.parseLong(query.substring("delay=".length())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		byte[] body = ("{\"servedBy\":\"" + this.name + "\"}").getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
