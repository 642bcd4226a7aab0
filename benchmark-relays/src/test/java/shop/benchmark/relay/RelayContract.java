package shop.benchmark.relay;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a relay measured in the gateway's place must do for the measurement to mean anything: pass the request
 * (method, path, query, headers, body) to the service and its answer (status, headers, body) back, unchanged.
 */
abstract class RelayContract {

	private final HttpClient client = HttpClient.newHttpClient();

	/** The relay under test, relaying to {@link #upstream()}. */
	abstract String relayUrl();

	abstract Upstream upstream();

	@Test
	void relaysAGetAndItsAnswer() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(relayUrl() + "/api/things/1?view=full"))
			.header("X-Request-Id", "get-1")
			.GET());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Upstream")).hasValue("yes");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo("{\"id\":1,\"name\":\"thing\"}");
		assertThat(upstream().received()).contains(new Upstream.Received("GET", "/api/things/1?view=full", "get-1"));
	}

	@Test
	void relaysABodyBothWays() throws Exception {
		String order = "{\"sku\":\"ELE-CHG-016\",\"quantity\":2}";

		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(relayUrl() + "/api/things"))
			.header("Content-Type", "application/json")
			.header("X-Request-Id", "post-1")
			.POST(BodyPublishers.ofString(order)));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).isEqualTo(order);
		assertThat(upstream().received()).contains(new Upstream.Received("POST", "/api/things", "post-1"));
	}

	@Test
	void relaysTheServicesErrorsAsTheyAre() throws Exception {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create(relayUrl() + "/api/missing")).header("X-Request-Id", "missing-1").GET());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(upstream().received()).contains(new Upstream.Received("GET", "/api/missing", "missing-1"));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), BodyHandlers.ofString());
	}

}
