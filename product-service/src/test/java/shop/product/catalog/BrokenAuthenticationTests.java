package shop.product.catalog;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import shop.chassis.security.ChassisSecurityAutoConfiguration;
import shop.chassis.web.ChassisWebAutoConfiguration;
import shop.product.SecurityConfiguration;
import shop.testing.BrokenAuthenticationContract;
import shop.testing.TestJwks;
import shop.testing.TestJwtIssuer;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;

/** product-service's real token validation (the chassis decoder against a real JWKS) refuses every forgery. */
@WebMvcTest(ProductController.class)
@Import({ ProductCatalog.class, SecurityConfiguration.class, TestJwks.class })
@ImportAutoConfiguration({ ChassisSecurityAutoConfiguration.class, ChassisWebAutoConfiguration.class })
class BrokenAuthenticationTests extends BrokenAuthenticationContract {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	ProductRepository products;

	@MockitoBean
	CatalogQueries queries;

	@Override
	protected TestJwtIssuer trustedIssuer() {
		return TestJwtIssuer.shared();
	}

	@Override
	protected String[] validRoles() {
		return new String[] { "ADMIN" };
	}

	@Override
	protected Answer send(String authorization) throws Exception {
		MockHttpServletRequestBuilder request = patch("/api/products/" + UUID.randomUUID())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"stock\": 5}");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		return new Answer(response.getStatus(), response.getContentType(), response.getContentAsString());
	}

}
