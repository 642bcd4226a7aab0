package shop.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a Spring Boot service in {@link ServiceProcessIT}: listens on {@code PORT} and answers the health
 * probe. {@code FAKE_MODE=crash} exits at once, {@code FAKE_MODE=no-readiness} has only {@code /actuator/health}.
 */
public final class FakeService {

	private FakeService() {
	}

	public static void main(String[] args) throws IOException {
		String mode = System.getenv().getOrDefault("FAKE_MODE", "ok");
		System.out.println("fake service starting in mode " + mode);
		if (mode.equals("crash")) {
			System.out.println("fake service: cannot start, giving up");
			System.exit(3);
		}
		HttpServer server = HttpServer.create(
				new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(System.getenv("PORT"))), 0);
		byte[] up = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
		server.createContext("/actuator/health", (exchange) -> {
			boolean readiness = exchange.getRequestURI().getPath().endsWith("/readiness");
			if (readiness && mode.equals("no-readiness")) {
				exchange.sendResponseHeaders(404, -1);
				exchange.close();
				return;
			}
			exchange.sendResponseHeaders(200, up.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(up);
			}
		});
		server.start();
		System.out.println("fake service ready");
	}

}
