package shop.user.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import shop.user.WebSliceTestConfiguration;
import shop.user.account.Account;
import shop.user.account.AccountService;
import shop.user.account.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Repeated failed sign-ins are refused with 429, the same way for known and unknown addresses (in-memory store). */
@WebMvcTest(TokenController.class)
@Import({ WebSliceTestConfiguration.class, SignInThrottleConfiguration.class })
@EnableConfigurationProperties(SignInThrottleProperties.class)
@TestPropertySource(properties = { "shop.user.sign-in-throttle.max-failures-per-account=3",
		"shop.user.sign-in-throttle.max-failures-per-client=5", "shop.user.sign-in-throttle.window=15m" })
class SignInThrottlingTests {

	private static final Account ALICE = new Account(UUID.randomUUID(), "alice@example.com", "{bcrypt}x", "Alice",
			List.of(Role.USER), Instant.now());

	@Autowired
	MockMvc mvc;

	@MockitoBean
	AccountService accounts;

	@MockitoBean
	TokenIssuer issuer;

	@Test
	void refusesAnAddressAfterRepeatedFailuresTheSameWayWhetherItHasAnAccountOrNot() throws Exception {
		given(this.accounts.authenticate(any(), any())).willReturn(Optional.empty());
		String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
		for (int i = 0; i < 3; i++) {
			signIn(unknown, "wrong password", "10.0.0.1").andExpect(status().isUnauthorized());
			signIn("alice@example.com", "wrong password", "10.0.0.2").andExpect(status().isUnauthorized());
		}

		MvcResult unknownRefused = signIn(unknown, "wrong password", "10.0.0.1").andReturn();
		given(this.accounts.authenticate("alice@example.com", "correct horse battery")).willReturn(Optional.of(ALICE));
		MvcResult knownRefused = signIn("alice@example.com", "correct horse battery", "10.0.0.2")
			.andExpect(status().isTooManyRequests())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(TooManySignIns.DETAIL))
			.andExpect(header().string("Retry-After", "900"))
			.andReturn();

		assertThat(unknownRefused.getResponse().getStatus()).isEqualTo(429);
		assertThat(unknownRefused.getResponse().getContentAsString())
			.isEqualTo(knownRefused.getResponse().getContentAsString());
		verify(this.issuer, never()).issue(any());
	}

	@Test
	void refusesAClientAfterRepeatedFailuresOnManyAddressesButNotOtherClients() throws Exception {
		given(this.accounts.authenticate(any(), any())).willReturn(Optional.empty());
		for (int i = 0; i < 5; i++) {
			signIn("guess-" + UUID.randomUUID() + "@example.com", "wrong password", "10.0.0.7")
				.andExpect(status().isUnauthorized());
		}

		signIn("guess-" + UUID.randomUUID() + "@example.com", "wrong password", "10.0.0.7")
			.andExpect(status().isTooManyRequests())
			.andExpect(header().exists("Retry-After"));
		signIn("guess-" + UUID.randomUUID() + "@example.com", "wrong password", "10.0.0.8")
			.andExpect(status().isUnauthorized());
	}

	@Test
	void aSuccessfulSignInClearsTheAddressesFailures() throws Exception {
		String email = "bob-" + UUID.randomUUID() + "@example.com";
		Account bob = new Account(UUID.randomUUID(), email, "{bcrypt}x", "Bob", List.of(Role.USER), Instant.now());
		given(this.accounts.authenticate(email, "wrong password")).willReturn(Optional.empty());
		given(this.accounts.authenticate(email, "correct horse battery")).willReturn(Optional.of(bob));
		given(this.issuer.issue(bob)).willReturn(TokenResponse.bearer("a.b.c", 900));

		signIn(email, "wrong password", "10.0.0.3").andExpect(status().isUnauthorized());
		signIn(email, "wrong password", "10.0.0.4").andExpect(status().isUnauthorized());
		signIn(email, "correct horse battery", "10.0.0.5").andExpect(status().isOk());
		signIn(email, "wrong password", "10.0.0.6").andExpect(status().isUnauthorized());
		signIn(email, "wrong password", "10.0.0.9").andExpect(status().isUnauthorized());

		signIn(email, "correct horse battery", "10.0.0.5").andExpect(status().isOk());
	}

	private ResultActions signIn(String email, String password, String client) throws Exception {
		return this.mvc.perform(post("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email, password))
			.with((request) -> {
				request.setRemoteAddr(client);
				return request;
			}));
	}

}
