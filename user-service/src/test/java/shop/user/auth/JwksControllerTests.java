package shop.user.auth;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import shop.user.WebSliceTestConfiguration;

import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(JwksController.class)
@Import({ WebSliceTestConfiguration.class, JwksControllerTests.Key.class })
class JwksControllerTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TokenSigningKey key;

	@Test
	void publishesThePublicKeyWithoutAToken() throws Exception {
		this.mvc.perform(get("/.well-known/jwks.json"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.keys", hasSize(1)))
			.andExpect(jsonPath("$.keys[0].kty").value("RSA"))
			.andExpect(jsonPath("$.keys[0].alg").value("RS256"))
			.andExpect(jsonPath("$.keys[0].use").value("sig"))
			.andExpect(jsonPath("$.keys[0].kid").value(this.key.id()))
			.andExpect(jsonPath("$.keys[0].n").isNotEmpty())
			.andExpect(jsonPath("$.keys[0].e").value("AQAB"));
	}

	@Test
	void neverPublishesPrivateKeyParameters() throws Exception {
		this.mvc.perform(get("/.well-known/jwks.json"))
			.andExpect(jsonPath("$.keys[0]", aMapWithSize(6)))
			.andExpect(jsonPath("$.keys[0].d").doesNotExist())
			.andExpect(jsonPath("$.keys[0].p").doesNotExist())
			.andExpect(jsonPath("$.keys[0].q").doesNotExist())
			.andExpect(jsonPath("$.keys[0].dp").doesNotExist())
			.andExpect(jsonPath("$.keys[0].dq").doesNotExist())
			.andExpect(jsonPath("$.keys[0].qi").doesNotExist());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Key {

		@Bean
		TokenSigningKey tokenSigningKey() {
			return new TokenSigningKey(SigningKeyLoader.fromPem(TestKeys.PEM));
		}

	}

}
