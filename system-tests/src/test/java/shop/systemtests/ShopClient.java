package shop.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the shop's JSON API, as any outside client would use it. */
final class ShopClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	Response get(URI base, String path, String token) {
		return send(request(base, path, token).GET().build());
	}

	Response post(URI base, String path, String token, Object body, Map<String, String> headers) {
		HttpRequest.Builder request = request(base, path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)));
		headers.forEach(request::header);
		return send(request.build());
	}

	private HttpRequest.Builder request(URI base, String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
			.timeout(TIMEOUT)
			.header("Accept", "application/json, application/problem+json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(request.method() + " " + request.uri(), response.statusCode(), response.headers(),
					response.body(), this.json);
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A response, with the request line kept for assertion messages. */
	record Response(String request, int status, java.net.http.HttpHeaders headers, String body, JsonMapper mapper) {

		JsonNode json() {
			return this.mapper.readTree(this.body);
		}

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return this.request + " -> " + this.status + " " + this.headers.map() + " " + this.body;
		}

	}

}
