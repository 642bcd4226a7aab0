package shop.chassis.web;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import shop.chassis.security.ResourceServerDefaults;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(controllers = ProblemDetailsAdviceTests.ThingController.class,
		properties = { "spring.jackson.deserialization.fail-on-unknown-properties=true",
			"spring.mvc.problemdetails.enabled=true" })
@Import(ProblemDetailsAdviceTests.ThingController.class)
@TestPropertySource(properties = { "shop.security.jwks-uri=http://127.0.0.1:9/jwks.json",
		"shop.security.issuer=urn:test", "shop.security.audience=test-api" })
class ProblemDetailsAdviceTests {

	@Autowired
	MockMvc mvc;

	@Test
	void listsEveryInvalidFieldWithItsMessage() throws Exception {
		this.mvc.perform(post("/things").with(jwt()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \" \", \"quantity\": 0}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.errors[0].field").value("name"))
			.andExpect(jsonPath("$.errors[0].message").value("must not be blank"))
			.andExpect(jsonPath("$.errors[1].field").value("quantity"))
			.andExpect(jsonPath("$.errors[1].message").value("must be greater than or equal to 1"));
	}

	@Test
	void namesAPropertyThatCannotBeSet() throws Exception {
		this.mvc.perform(post("/things").with(jwt()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"x\", \"quantity\": 1, \"status\": \"PAID\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("status"));
	}

	@Test
	void namesAFieldOfTheWrongType() throws Exception {
		this.mvc.perform(post("/things").with(jwt()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"x\", \"quantity\": \"many\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("quantity"));
	}

	@Test
	void answersMalformedJsonWithoutEchoingTheParser() throws Exception {
		this.mvc.perform(post("/things").with(jwt()).contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("The request body is missing or is not valid JSON."));
	}

	@Test
	void namesAPathVariableOfTheWrongType() throws Exception {
		this.mvc.perform(get("/things/not-a-uuid").with(jwt()))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("id"));
	}

	@Test
	void hidesTheMessageOfAnUnexpectedError() throws Exception {
		this.mvc.perform(get("/things/" + UUID.randomUUID()).with(jwt()))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(content().string(not(containsString("secret-internal-detail"))));
	}

	@Test
	void answersAMissingTokenWith401ProblemJson() throws Exception {
		this.mvc.perform(get("/things/" + UUID.randomUUID()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Bearer"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401));
	}

	@Test
	void answersAMissingRoleWith403ProblemJson() throws Exception {
		this.mvc.perform(get("/admin").with(jwt().authorities(() -> "ROLE_USER")))
			.andExpect(status().isForbidden())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(403));
		this.mvc.perform(get("/admin").with(jwt().authorities(() -> "ROLE_ADMIN"))).andExpect(status().isOk());
	}

	record ThingRequest(@NotBlank String name, @Min(1) int quantity) {
	}

	@RestController
	static class ThingController {

		@PostMapping("/things")
		ThingRequest create(@Valid @RequestBody ThingRequest request) {
			return request;
		}

		@GetMapping("/things/{id}")
		String find(@PathVariable UUID id) {
			throw new IllegalStateException("secret-internal-detail");
		}

		@GetMapping("/admin")
		String admin() {
			return "ok";
		}

	}

	@SpringBootApplication
	static class TestApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, ResourceServerDefaults defaults) throws Exception {
			defaults.applyTo(http);
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/admin")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated());
			return http.build();
		}

	}

}
