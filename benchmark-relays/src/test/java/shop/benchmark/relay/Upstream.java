package shop.benchmark.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The service behind a relay under test (the JDK's HTTP server): GET /api/things/1 is a JSON document with an
 * X-Upstream header, POST /api/things echoes its body with 201, everything else is 404. Keeps what it received.
 */
final class Upstream implements AutoCloseable {

	record Received(String method, String pathAndQuery, String requestId) {
	}

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	Upstream() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	List<Received> received() {
		return this.received;
	}

	private void handle(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		this.received.add(new Received(method, exchange.getRequestURI().toString(),
				exchange.getRequestHeaders().getFirst("X-Request-Id")));
		byte[] requestBody = exchange.getRequestBody().readAllBytes();
		if (method.equals("GET") && path.equals("/api/things/1")) {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("X-Upstream", "yes");
			answer(exchange, 200, "{\"id\":1,\"name\":\"thing\"}".getBytes(StandardCharsets.UTF_8));
		}
		else if (method.equals("POST") && path.equals("/api/things")) {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			answer(exchange, 201, requestBody);
		}
		else {
			answer(exchange, 404, new byte[0]);
		}
	}

	private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		try (var out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
