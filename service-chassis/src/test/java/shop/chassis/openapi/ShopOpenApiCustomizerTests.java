package shop.chassis.openapi;

import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.web.access.AuthorizationManagerWebInvocationPrivilegeEvaluator;
import org.springframework.security.web.access.PathPatternRequestTransformer;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.security.web.access.intercept.RequestMatcherDelegatingAuthorizationManager;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared completion of a service's document, against real Spring Security rules of the kind a service writes:
 * public reads, token-only reads, admin-only changes.
 */
@SuppressWarnings("rawtypes") // swagger-models types its schema maps with raw Schema
class ShopOpenApiCustomizerTests {

	private static final String PROBLEM_REF = "#/components/schemas/Problem";

	private final ShopOpenApiCustomizer customizer = new ShopOpenApiCustomizer("thing-service", "Things.",
			new AccessRules(new StaticListableBeanFactory(Map.of("privileges", privileges()))
				.getBeanProvider(WebInvocationPrivilegeEvaluator.class)));

	@Test
	void requiresTheBearerTokenWhereTheRulesDoAndAnswersProblemJsonForEveryError() {
		OpenAPI document = document();

		this.customizer.customise(document);

		assertThat(document.getInfo().getTitle()).isEqualTo("thing-service");
		assertThat(document.getComponents().getSecuritySchemes().get("bearer-jwt").getScheme()).isEqualTo("bearer");
		Operation browse = document.getPaths().get("/api/things").getGet();
		Operation one = document.getPaths().get("/api/things/{id}").getGet();
		Operation add = document.getPaths().get("/api/things").getPost();
		assertThat(browse.getSecurity()).isNull();
		assertThat(browse.getResponses()).containsOnlyKeys("200");
		assertThat(one.getSecurity()).singleElement().satisfies((item) -> assertThat(item).containsKey("bearer-jwt"));
		assertThat(one.getResponses()).containsOnlyKeys("200", "400", "401", "404");
		assertThat(add.getResponses()).containsOnlyKeys("201", "400", "401", "403");
		assertThat(add.getDescription()).isEqualTo("Adds a thing.\n\nNeeds a token with the ADMIN role.");
		for (Operation operation : new Operation[] { one, add }) {
			operation.getResponses().forEach((status, response) -> {
				if (!status.startsWith("2")) {
					assertThat(response.getContent().get("application/problem+json").getSchema().get$ref())
						.as(status)
						.isEqualTo(PROBLEM_REF);
				}
			});
		}
		assertThat(one.getResponses().get("404").getDescription()).as("the controller's own words stay")
			.isEqualTo("No such thing");
	}

	@Test
	void describesTheProblemShapeWithTheFieldMessagesOfTheChassis() {
		OpenAPI document = document();

		this.customizer.customise(document);

		Map<String, Schema> schemas = document.getComponents().getSchemas();
		Map<String, Schema> problem = schemas.get("Problem").getProperties();
		assertThat(problem).containsOnlyKeys("type", "title", "status", "detail", "instance", "errors");
		assertThat(problem.get("errors").getItems().get$ref())
			.isEqualTo("#/components/schemas/FieldMessage");
		assertThat(schemas.get("FieldMessage").getProperties()).containsOnlyKeys("field", "message");
	}

	private static OpenAPI document() {
		Operation browse = new Operation().summary("Browse").responses(new ApiResponses().addApiResponse("200",
				new ApiResponse().description("OK")));
		Operation one = new Operation().summary("One")
			.addParametersItem(new io.swagger.v3.oas.models.parameters.PathParameter().name("id"))
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK"))
				.addApiResponse("404", new ApiResponse().description("No such thing")));
		Operation add = new Operation().summary("Add")
			.description("Adds a thing.")
			.requestBody(new RequestBody())
			.responses(new ApiResponses().addApiResponse("201", new ApiResponse().description("Created")));
		return new OpenAPI().paths(new Paths().addPathItem("/api/things", new PathItem().get(browse).post(add))
			.addPathItem("/api/things/{id}", new PathItem().get(one)));
	}

	/** Rules as a service's SecurityConfiguration writes them. */
	private static WebInvocationPrivilegeEvaluator privileges() {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		RequestMatcherDelegatingAuthorizationManager rules = RequestMatcherDelegatingAuthorizationManager.builder()
			.add(paths.matcher(HttpMethod.GET, "/api/things"), (authentication, context) -> new AuthorizationDecision(true))
			.add(paths.matcher(HttpMethod.GET, "/api/things/**"), AuthenticatedAuthorizationManager.authenticated())
			.add(paths.matcher("/api/things/**"), AuthorityAuthorizationManager.hasRole("ADMIN"))
			.add(paths.matcher("/api/things"), AuthorityAuthorizationManager.hasRole("ADMIN"))
			.build();
		AuthorizationManagerWebInvocationPrivilegeEvaluator evaluator = new AuthorizationManagerWebInvocationPrivilegeEvaluator(
				rules);
		// As Spring Security's own WebSecurity configures it: path patterns need a request that keeps attributes.
		evaluator.setRequestTransformer(new PathPatternRequestTransformer());
		return evaluator;
	}

}
