package shop.chassis.web;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodyLimitTests {

	private final RequestBodyLimit limit = new RequestBodyLimit(DataSize.ofBytes(10), DataSize.ofKilobytes(1),
			JsonMapper.builder().build());

	@Test
	void refusesADeclaredLengthOverTheLimitWith413ProblemBeforeReadingIt() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
		request.setContent(new byte[11]);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		this.limit.doFilter(request, response, chain);

		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"status\":413").contains("/api/orders");
		assertThat(chain.getRequest()).as("the request goes no further").isNull();
	}

	@Test
	void refusesHeadersOverTheLimitWith431Problem() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/products");
		request.addHeader("X-Padding", "y".repeat(1024));
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		this.limit.doFilter(request, response, chain);

		assertThat(response.getStatus()).isEqualTo(431);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(chain.getRequest()).isNull();
	}

	@Test
	void passesABodyWithinTheLimit() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
		request.setContent(new byte[10]);
		MockFilterChain chain = new MockFilterChain();

		this.limit.doFilter(request, new MockHttpServletResponse(), chain);

		assertThat(chain.getRequest().getInputStream().readAllBytes()).hasSize(10);
	}

	@Test
	void cutsOffABodyWithoutDeclaredLengthOnceItPassesTheLimit() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

		};
		request.setContent(new byte[11]);
		MockFilterChain chain = new MockFilterChain();

		this.limit.doFilter(request, new MockHttpServletResponse(), chain);

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> chain.getRequest().getInputStream().readAllBytes())
			.isInstanceOf(RequestBodyLimit.TooLarge.class);
	}

}
