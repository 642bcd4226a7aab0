package shop.user.auth;

import org.junit.jupiter.api.AfterAll;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import shop.testing.BrokenAuthenticationContract;
import shop.testing.TestJwtIssuer;
import shop.user.UserServiceProperties;
import shop.user.WebSliceTestConfiguration;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * user-service validates tokens with its own decoder ({@link TokenConfiguration}: its own public key, no JWKS fetch);
 * the forgeries imitate tokens signed with its real signing key. Any path but the public ones needs a token, so
 * {@code /api/users/me} is checked by the security filters even though this slice has no controller for it (a valid
 * token gets past them to a 404).
 */
@WebMvcTest(JwksController.class)
@Import({ WebSliceTestConfiguration.class, TokenConfiguration.class })
@EnableConfigurationProperties(UserServiceProperties.class)
class BrokenAuthenticationTests extends BrokenAuthenticationContract {

	@DynamicPropertySource
	static void signingKey(DynamicPropertyRegistry registry) {
		registry.add("shop.user.tokens.signing-key.pem", () -> TestKeys.PEM);
	}

	private static TestJwtIssuer issuer;

	@Autowired
	MockMvc mvc;

	@Autowired
	TokenSigningKey signingKey;

	@AfterAll
	static void stopIssuer() {
		if (issuer != null) {
			issuer.close();
		}
	}

	@Override
	protected synchronized TestJwtIssuer trustedIssuer() {
		if (issuer == null) {
			issuer = TestJwtIssuer.signingWith(this.signingKey.rsaKey());
		}
		return issuer;
	}

	@Override
	protected Answer send(String authorization) throws Exception {
		MockHttpServletRequestBuilder request = get("/api/users/me");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		return new Answer(response.getStatus(), response.getContentType(), response.getContentAsString());
	}

}
