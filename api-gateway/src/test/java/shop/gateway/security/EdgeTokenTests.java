package shop.gateway.security;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.gateway.EdgeContext;
import shop.testing.ForgedToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad token stops at the gateway with 401 problem+json, and the service behind never hears of it: the same
 * forgeries every service is tested with ({@link ForgedToken}: expired, nbf ahead, wrong issuer or audience,
 * {@code alg: none}, another key, HS256 made from the public key, tampered payload, garbage), plus none at all.
 */
class EdgeTokenTests extends EdgeContext {

	@ParameterizedTest
	@EnumSource(ForgedToken.class)
	void rejectsAForgedTokenWith401ProblemJson(ForgedToken forged) {
		assertStoppedAtTheEdge("Bearer " + forged.forge(issuer, UUID.randomUUID()));
	}

	@Test
	void rejectsARequestWithoutToken() {
		assertStoppedAtTheEdge(null);
	}

	@Test
	void rejectsACredentialThatIsNotABearerToken() {
		assertStoppedAtTheEdge("Basic dXNlcjpwYXNzd29yZA==");
	}

	@Test
	void relaysAGoodTokenToTheService() {
		getOrdersWithAGoodToken();
	}

	private void assertStoppedAtTheEdge(String authorization) {
		int before = backend.received.size();
		WebTestClient.RequestHeadersSpec<?> request = this.client.get().uri("/api/orders");
		if (authorization != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		request.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists(HttpHeaders.WWW_AUTHENTICATE)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
		assertThat(backend.received).as("the service never sees a request with a bad token").hasSize(before);
	}

}
