package shop.user.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import shop.user.WebSliceTestConfiguration;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(AccountController.class)
@Import(WebSliceTestConfiguration.class)
class AccountControllerTests {

	private static final Account ALICE = new Account(UUID.fromString("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"),
			"Alice@Example.com", "{bcrypt}$2a$10$secret-hash", "Alice", List.of(Role.USER),
			Instant.parse("2026-11-26T12:00:00Z"));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	AccountService accounts;

	@Test
	void refusesRolesAnIdOrAHashInTheRegistration() throws Exception {
		for (String property : List.of("\"roles\": [\"ADMIN\"]", "\"id\": \"%s\"".formatted(UUID.randomUUID()),
				"\"passwordHash\": \"{noop}x\"")) {
			String name = property.substring(1, property.indexOf('"', 1));
			this.mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON).content("""
					{"email": "eve@example.com", "password": "correct horse battery", "name": "Eve", %s}"""
				.formatted(property)))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.errors[0].field").value(name));
		}
		verifyNoInteractions(this.accounts);
	}

	@Test
	void registersAndAnswersWithTheProfileButNoSecret() throws Exception {
		given(this.accounts.register("Alice@Example.com", "correct horse battery", "Alice", List.of(Role.USER)))
			.willReturn(ALICE);

		this.mvc
			.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"email": "Alice@Example.com", "password": "correct horse battery", "name": "Alice"}"""))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/users/" + ALICE.id()))
			.andExpect(jsonPath("$.id").value(ALICE.id().toString()))
			.andExpect(jsonPath("$.email").value("Alice@Example.com"))
			.andExpect(jsonPath("$.name").value("Alice"))
			.andExpect(jsonPath("$.roles").value(containsInAnyOrder("USER")))
			.andExpect(jsonPath("$.createdAt").value("2026-11-26T12:00:00Z"))
			.andExpect(jsonPath("$.password").doesNotExist())
			.andExpect(jsonPath("$.passwordHash").doesNotExist())
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret"))));
	}

	@Test
	void rejectsAnInvalidEmailWithAFieldMessage() throws Exception {
		expectSingleFieldError("""
				{"email": "not-an-email", "password": "correct horse battery", "name": "Alice"}""", "email",
				"must be a well-formed email address");
		expectSingleFieldError("""
				{"email": "alice@localhost", "password": "correct horse battery", "name": "Alice"}""", "email",
				"must be a well-formed email address");
	}

	@Test
	void rejectsAPasswordShorterThanTenCharacters() throws Exception {
		expectSingleFieldError("""
				{"email": "alice@example.com", "password": "123456789", "name": "Alice"}""", "password",
				"size must be between 10 and 128");
	}

	@Test
	void rejectsAPasswordLongerThan128Characters() throws Exception {
		this.mvc
			.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON).content("""
					{"email": "alice@example.com", "password": "%s", "name": "Alice"}""".formatted("p".repeat(129))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("password", "password")))
			.andExpect(jsonPath("$.errors[*].message").value(containsInAnyOrder("size must be between 10 and 128",
					"must not be longer than 72 bytes in UTF-8")));
	}

	@Test
	void rejectsAPasswordThatBcryptCannotHash() throws Exception {
		// 40 two-byte characters: 80 bytes, beyond bcrypt's 72.
		expectSingleFieldError("""
				{"email": "alice@example.com", "password": "%s", "name": "Alice"}""".formatted("é".repeat(40)),
				"password", "must not be longer than 72 bytes in UTF-8");
	}

	@Test
	void rejectsABlankName() throws Exception {
		expectSingleFieldError("""
				{"email": "alice@example.com", "password": "correct horse battery", "name": "   "}""", "name",
				"must not be blank");
	}

	@Test
	void listsEveryInvalidField() throws Exception {
		this.mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors", hasSize(3)))
			.andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("email", "name", "password")));
		verify(this.accounts, never()).register(anyString(), anyString(), anyString(), any());
	}

	@Test
	void answers409WhenTheEmailIsTaken() throws Exception {
		given(this.accounts.register(anyString(), anyString(), anyString(), any()))
			.willThrow(new EmailAlreadyRegistered());

		this.mvc
			.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"email": "ALICE@example.com", "password": "correct horse battery", "name": "Alice"}"""))
			.andExpect(status().isConflict())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(409))
			.andExpect(jsonPath("$.title").value("E-mail already registered"))
			.andExpect(jsonPath("$.detail").value("An account with this e-mail address already exists."));
	}

	@Test
	void showsTheCallersOwnProfile() throws Exception {
		given(this.accounts.find(ALICE.id())).willReturn(Optional.of(ALICE));

		this.mvc.perform(get("/api/users/me").with(user(ALICE.id())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value(ALICE.id().toString()))
			.andExpect(jsonPath("$.passwordHash").doesNotExist());
	}

	@Test
	void requiresATokenForTheProfile() throws Exception {
		this.mvc.perform(get("/api/users/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void showsAnAccountByIdToItsOwner() throws Exception {
		given(this.accounts.find(ALICE.id())).willReturn(Optional.of(ALICE));

		this.mvc.perform(get("/api/users/{id}", ALICE.id()).with(user(ALICE.id())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.email").value(ALICE.email()));
	}

	@Test
	void showsAnyAccountToAnAdmin() throws Exception {
		given(this.accounts.find(ALICE.id())).willReturn(Optional.of(ALICE));

		this.mvc.perform(get("/api/users/{id}", ALICE.id()).with(admin(UUID.randomUUID())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.email").value(ALICE.email()));
	}

	@Test
	void hidesSomeoneElsesAccountAsNotFound() throws Exception {
		given(this.accounts.find(ALICE.id())).willReturn(Optional.of(ALICE));

		this.mvc.perform(get("/api/users/{id}", ALICE.id()).with(user(UUID.randomUUID())))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("No such account."));
		verify(this.accounts, never()).find(ALICE.id());
	}

	@Test
	void answers404ForAnUnknownIdEvenToAnAdmin() throws Exception {
		UUID unknown = UUID.randomUUID();
		given(this.accounts.find(unknown)).willReturn(Optional.empty());

		this.mvc.perform(get("/api/users/{id}", unknown).with(admin(UUID.randomUUID())))
			.andExpect(status().isNotFound());
	}

	private void expectSingleFieldError(String body, String field, String message) throws Exception {
		this.mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors", hasSize(1)))
			.andExpect(jsonPath("$.errors[0].field").value(field))
			.andExpect(jsonPath("$.errors[0].message").value(message));
		verify(this.accounts, never()).register(anyString(), anyString(), anyString(), any());
	}

	static RequestPostProcessor user(UUID id) {
		return jwt().jwt((token) -> token.subject(id.toString()))
			.authorities(new SimpleGrantedAuthority("ROLE_USER"));
	}

	static RequestPostProcessor admin(UUID id) {
		return jwt().jwt((token) -> token.subject(id.toString()))
			.authorities(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"));
	}

}
