package shop.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the order load needs from the shop before it starts, made through the gateway like any client would: shoppers
 * (registered, with a token each) and products with a stock no run exhausts (product-service's check refuses a line
 * beyond the stock with 422, which would count as an error).
 */
final class ShopSetup {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

	private static final int STOCK = 100_000_000;

	private final HttpClient http;

	private final URI gateway;

	private final Duration timeout;

	ShopSetup(HttpClient http, URI gateway, Duration timeout) {
		this.http = http;
		this.gateway = gateway;
		this.timeout = timeout;
	}

	/** Registers shoppers and returns their access tokens. */
	List<String> shoppers(int count) {
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String email = "bench-" + run + "-" + i + "@benchmark.test";
			String password = "bench-password-" + run;
			expect(post("/api/users", null, "{\"email\":\"" + email + "\",\"password\":\"" + password
					+ "\",\"name\":\"Benchmark Shopper\"}"), 201, "registering a shopper");
			tokens.add(token(email, password));
		}
		return tokens;
	}

	/** Creates products with a stock no run exhausts, signed in as the admin account. */
	List<String> products(int count, String adminEmail, String adminPassword) {
		String admin = token(adminEmail, adminPassword);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			HttpResponse<String> created = post("/api/products", admin, "{\"sku\":\"BENCH-" + UUID.randomUUID()
					+ "\",\"name\":\"Benchmark product\",\"description\":\"Ordered by ./benchmark/run\","
					+ "\"price\":1.00,\"currency\":\"EUR\",\"stock\":" + STOCK + "}");
			expect(created, 201, "creating a product as " + adminEmail);
			ids.add(match(ID, created.body(), "product id"));
		}
		return ids;
	}

	private String token(String email, String password) {
		HttpResponse<String> response = post("/api/auth/token", null,
				"{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
		expect(response, 200, "signing in as " + email);
		return match(ACCESS_TOKEN, response.body(), "access_token");
	}

	private HttpResponse<String> post(String path, String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.gateway.resolve(path))
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			// The gateway's per-client limit may still be refilling after the load before: wait it out.
			for (int attempt = 1;; attempt++) {
				HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 429 || attempt == 20) {
					return response;
				}
				Thread.sleep(500);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("POST " + path + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static void expect(HttpResponse<String> response, int status, String what) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(what + ": " + response.request().method() + " " + response.uri()
					+ " answered " + response.statusCode() + " " + response.body());
		}
	}

	private static String match(Pattern pattern, String body, String what) {
		Matcher matcher = pattern.matcher(body);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + what + " in " + body);
		}
		return matcher.group(1);
	}

}
