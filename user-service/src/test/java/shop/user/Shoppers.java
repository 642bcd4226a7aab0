package shop.user;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Registers shoppers and signs them in over HTTP, for integration tests. */
public final class Shoppers {

	/** The password every test shopper gets. */
	public static final String PASSWORD = "correct horse battery";

	private final RestTestClient http;

	public Shoppers(RestTestClient http) {
		this.http = http;
	}

	/** Registers a shopper with a unique address and returns the id and a token. */
	public Shopper register() {
		String email = "shopper-" + UUID.randomUUID() + "@example.com";
		@SuppressWarnings("unchecked")
		Map<String, Object> account = this.http.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "password", PASSWORD, "name", "Test Shopper"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CREATED)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		UUID id = UUID.fromString((String) account.get("id"));
		return new Shopper(id, email, token(email, PASSWORD));
	}

	/** A fresh access token. */
	public String token(String email, String password) {
		@SuppressWarnings("unchecked")
		Map<String, Object> token = this.http.post()
			.uri("/api/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "password", password))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) token.get("access_token");
	}

	/**
	 * A registered shopper.
	 *
	 * @param id the user id
	 * @param email the address
	 * @param token a valid access token
	 */
	public record Shopper(UUID id, String email, String token) {

		public String bearer() {
			return "Bearer " + this.token;
		}

	}

}
