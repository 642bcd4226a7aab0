package shop.gateway.security;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.gateway.EdgeContext;
import shop.testing.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad token stops at the gateway with 401 problem+json, and the service never hears of it. */
class EdgeTokenTests extends EdgeContext {

	static Stream<Arguments> badTokens() {
		return Stream.of(bad("missing", (issuer) -> null),
				bad("expired", (issuer) -> issuer.tokenFor(UUID.randomUUID()).expired().build()),
				bad("not valid before 10 minutes from now",
						(issuer) -> issuer.tokenFor(UUID.randomUUID())
							.notBefore(Instant.now().plusSeconds(600))
							.build()),
				bad("wrong issuer", (issuer) -> issuer.tokenFor(UUID.randomUUID()).issuer("urn:shop:other").build()),
				bad("wrong audience",
						(issuer) -> issuer.tokenFor(UUID.randomUUID()).audience("other-api").build()),
				bad("alg none", (issuer) -> CraftedTokens.unsigned(UUID.randomUUID())),
				bad("signed with another key",
						(issuer) -> issuer.tokenFor(UUID.randomUUID()).signedWithForeignKey().build()),
				bad("HMAC made from the public key", (issuer) -> {
					try {
						return CraftedTokens.hmacWithThePublicKey(issuer, UUID.randomUUID());
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}), bad("tampered payload",
						(issuer) -> CraftedTokens.tampered(issuer.token(UUID.randomUUID(), "USER"), UUID.randomUUID())),
				bad("not a JWT", (issuer) -> "not.a.jwt"));
	}

	private static Arguments bad(String name, Function<TestJwtIssuer, String> token) {
		return Arguments.of(name, token);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badTokens")
	void rejectsABadTokenWith401ProblemJson(String name, Function<TestJwtIssuer, String> bad) {
		int before = backend.received.size();
		String token = bad.apply(issuer);
		WebTestClient.RequestHeadersSpec<?> request = this.client.get().uri("/api/orders");
		if (token != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
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

	@Test
	void relaysAGoodTokenToTheService() {
		this.client.get()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + issuer.token(UUID.randomUUID(), "USER"))
			.exchange()
			.expectStatus()
			.isOk();
	}

}
