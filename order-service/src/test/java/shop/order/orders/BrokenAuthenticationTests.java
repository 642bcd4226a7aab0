package shop.order.orders;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import shop.order.SecurityConfiguration;
import shop.testing.BrokenAuthenticationContract;
import shop.testing.TestJwks;
import shop.testing.TestJwtIssuer;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** order-service's real token validation (the chassis decoder against a real JWKS) refuses every forgery. */
@WebMvcTest(OrderController.class)
@Import({ SecurityConfiguration.class, TestJwks.class })
class BrokenAuthenticationTests extends BrokenAuthenticationContract {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	OrderRepository orders;

	@MockitoBean
	StatusHistory history;

	@MockitoBean
	OrderCancellation cancellation;

	@Override
	protected TestJwtIssuer trustedIssuer() {
		return TestJwtIssuer.shared();
	}

	@Override
	protected Answer send(String authorization) throws Exception {
		MockHttpServletRequestBuilder request = get("/api/orders/" + UUID.randomUUID());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		return new Answer(response.getStatus(), response.getContentType(), response.getContentAsString());
	}

}
