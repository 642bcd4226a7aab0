package shop.gateway.limits;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import shop.gateway.EdgeContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Oversized requests stop at the gateway (limits of 1 KB body and 8 KB headers here) and never reach a service. */
class RequestLimitsTests extends EdgeContext {

	@Test
	void refusesABodyOverTheLimitWith413ProblemJson() {
		int before = backend.received.size();
		this.client.post()
			.uri("/api/products")
			.header("Authorization", "Bearer " + issuer.token(UUID.randomUUID(), "ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"" + "x".repeat(2000) + "\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(413);
		assertThat(backend.received).hasSize(before);
	}

	@Test
	void refusesAChunkedBodyThatGrowsOverTheLimit() {
		int before = backend.received.size();
		this.client.post()
			.uri("/api/products")
			.header("Authorization", "Bearer " + issuer.token(UUID.randomUUID(), "ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Flux.range(0, 10).map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[300])),
					DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(backend.received).hasSize(before);
	}

	@Test
	void acceptsABodyWithinTheLimit() {
		this.client.post()
			.uri("/api/products")
			.header("Authorization", "Bearer " + issuer.token(UUID.randomUUID(), "ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"" + "x".repeat(500) + "\"}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void refusesHeadersOverTheLimitWith431ProblemJson() {
		this.client.get()
			.uri("/api/products")
			.header("X-Filler", "y".repeat(9000))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(431);
		this.client.get().uri("/api/products").header("X-Filler", "y".repeat(4000)).exchange().expectStatus().isOk();
	}

}
