package shop.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Swagger UI of the shop: it lists the three services' documents, and each is read through the gateway from
 * the service's own {@code /v3/api-docs} (here real HTTP servers on loopback standing in for the services).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SwaggerUiTests {

	static final List<String> SERVICES = List.of("user-service", "product-service", "order-service");

	static final Map<String, DocumentServer> services = new ConcurrentHashMap<>();

	static {
		SERVICES.forEach((name) -> services.put(name, new DocumentServer(name)));
	}

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void discovery(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.consul.enabled", () -> "false");
		services.forEach((name, server) -> registry
			.add("spring.cloud.discovery.client.simple.instances." + name + "[0].uri", server::uri));
	}

	@AfterAll
	static void stop() {
		services.values().forEach(DocumentServer::close);
	}

	@Test
	void listsEveryServiceDocumentThroughTheGateway() {
		JsonNode config = JsonMapper.shared()
			.readTree(this.client.get()
				.uri("/v3/api-docs/swagger-config")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody());

		assertThat(config.path("urls").findValuesAsString("name")).containsExactlyInAnyOrderElementsOf(SERVICES);
		for (JsonNode url : config.path("urls")) {
			String name = url.path("name").asString();
			assertThat(url.path("url").asString()).isEqualTo("/v3/api-docs/" + name);
		}
	}

	@Test
	void readsEachDocumentFromItsService() {
		for (String name : SERVICES) {
			this.client.get()
				.uri("/v3/api-docs/" + name)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.info.title")
				.isEqualTo(name);
			DocumentServer service = services.get(name);
			assertThat(service.lastPath).isEqualTo("/v3/api-docs");
		}
	}

	@Test
	void servesTheSwaggerUi() {
		String index = this.client.get()
			.uri("/swagger-ui.html")
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
		this.client.get()
			.uri(index)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML);
		this.client.get()
			.uri(index.replace("index.html", "swagger-initializer.js"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((script) -> assertThat(script).contains("/v3/api-docs/swagger-config"));
	}

	/** Answers GET /v3/api-docs with a minimal document and remembers how the gateway asked for it. */
	static final class DocumentServer implements AutoCloseable {

		private final HttpServer server;

		volatile String lastPath;

		DocumentServer(String name) {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.createContext("/", (exchange) -> {
				this.lastPath = exchange.getRequestURI().getPath();
				byte[] body = ("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"" + name + "\",\"version\":\"v1\"}}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			this.server.start();
		}

		String uri() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
