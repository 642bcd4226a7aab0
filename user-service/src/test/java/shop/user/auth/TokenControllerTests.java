package shop.user.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import shop.user.WebSliceTestConfiguration;
import shop.user.account.Account;
import shop.user.account.AccountService;
import shop.user.account.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(TokenController.class)
@Import(WebSliceTestConfiguration.class)
class TokenControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	AccountService accounts;

	@MockitoBean
	TokenIssuer issuer;

	@MockitoBean
	SignInThrottle throttle;

	@Test
	void issuesABearerToken() throws Exception {
		Account alice = new Account(UUID.randomUUID(), "alice@example.com", "{bcrypt}x", "Alice", List.of(Role.USER),
				Instant.now());
		given(this.accounts.authenticate("alice@example.com", "correct horse battery")).willReturn(Optional.of(alice));
		given(this.issuer.issue(alice)).willReturn(TokenResponse.bearer("header.payload.signature", 900));

		this.mvc.perform(post("/api/auth/token").contentType(MediaType.APPLICATION_JSON).content("""
				{"email": "alice@example.com", "password": "correct horse battery"}"""))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(jsonPath("$.access_token").value("header.payload.signature"))
			.andExpect(jsonPath("$.token_type").value("Bearer"))
			.andExpect(jsonPath("$.expires_in").value(900))
			.andExpect(jsonPath("$.accessToken").doesNotExist());
	}

	@Test
	void answersAnUnknownEmailAndAWrongPasswordAlike() throws Exception {
		given(this.accounts.authenticate("nobody@example.com", "correct horse battery")).willReturn(Optional.empty());
		given(this.accounts.authenticate("alice@example.com", "wrong password!")).willReturn(Optional.empty());

		MvcResult unknown = this.mvc.perform(post("/api/auth/token").contentType(MediaType.APPLICATION_JSON).content("""
				{"email": "nobody@example.com", "password": "correct horse battery"}"""))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(InvalidCredentials.DETAIL))
			.andReturn();
		MvcResult wrong = this.mvc.perform(post("/api/auth/token").contentType(MediaType.APPLICATION_JSON).content("""
				{"email": "alice@example.com", "password": "wrong password!"}"""))
			.andExpect(status().isUnauthorized())
			.andReturn();

		assertThat(wrong.getResponse().getContentAsString()).isEqualTo(unknown.getResponse().getContentAsString());
	}

	@Test
	void rejectsMissingCredentialsWithFieldMessages() throws Exception {
		this.mvc.perform(post("/api/auth/token").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors", hasSize(2)))
			.andExpect(jsonPath("$.errors[0].field").value("email"))
			.andExpect(jsonPath("$.errors[1].field").value("password"));
	}

}
