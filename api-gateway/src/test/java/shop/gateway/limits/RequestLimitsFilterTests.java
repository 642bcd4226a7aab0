package shop.gateway.limits;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLimitsFilterTests {

	@Test
	void countsEachHeaderLineAsItCameOnTheWire() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/api/products")
			.header("Accept", "application/json")
			.header("X-Tag", "a", "bc")
			.build();

		// "Accept: application/json\r\n", "X-Tag: a\r\n", "X-Tag: bc\r\n"
		assertThat(RequestLimitsFilter.headerBytes(request)).isEqualTo(26 + 10 + 11);
	}

	@Test
	void countsAByteAbove127OnceAsTheDecoderMadeItOneChar() {
		// 0xC3 0xA9 (an "é" in UTF-8) on the wire, decoded byte by byte as ISO-8859-1: two chars, two bytes.
		MockServerHttpRequest request = MockServerHttpRequest.get("/api/products").header("X-Name", "\u00c3\u00a9").build();

		assertThat(RequestLimitsFilter.headerBytes(request)).isEqualTo("X-Name: ".length() + 2 + 2);
	}

}
