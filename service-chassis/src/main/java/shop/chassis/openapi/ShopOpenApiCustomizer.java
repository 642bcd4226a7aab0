package shop.chassis.openapi;

import java.lang.reflect.RecordComponent;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import shop.chassis.openapi.AccessRules.Access;
import shop.chassis.web.FieldMessage;
import shop.chassis.web.ProblemDetailsAdvice;

/**
 * Completes a service's generated document with what the chassis does for every service. Controllers state only what
 * is theirs (summary, their own error statuses); this adds the rest:
 * <ul>
 * <li>the {@value #BEARER} security scheme, required by every operation the security rules do not leave public, with
 * a 401 answer, and a 403 answer where only an administrator may call;</li>
 * <li>400 on every operation that takes input: the chassis answers invalid input with field-level {@code errors};</li>
 * <li>the {@value #PROBLEM} schema as the {@code application/problem+json} body of every 4xx and 5xx answer.</li>
 * </ul>
 */
class ShopOpenApiCustomizer implements OpenApiCustomizer {

	static final String BEARER = "bearer-jwt";

	static final String PROBLEM = "Problem";

	static final String FIELD_MESSAGE = "FieldMessage";

	static final String PROBLEM_JSON = "application/problem+json";

	private final String title;

	private final String description;

	private final AccessRules access;

	ShopOpenApiCustomizer(String title, String description, AccessRules access) {
		this.title = title;
		this.description = description;
		this.access = access;
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.info(new Info().title(this.title).version("v1").description(this.description.isBlank() ? null
				: this.description));
		if (openApi.getComponents() == null) {
			openApi.components(new Components());
		}
		openApi.getComponents()
			.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.bearerFormat("JWT")
				.description("An access token from POST /api/auth/token (RS256, 15 minutes): "
						+ "`Authorization: Bearer <access_token>`."))
			.addSchemas(FIELD_MESSAGE, fieldMessageSchema())
			.addSchemas(PROBLEM, problemSchema());
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.forEach((method, operation) -> complete(path, method, operation)));
	}

	private void complete(String path, PathItem.HttpMethod method, Operation operation) {
		if (operation.getResponses() == null) {
			operation.responses(new ApiResponses());
		}
		ApiResponses responses = operation.getResponses();
		boolean takesInput = operation.getRequestBody() != null
				|| (operation.getParameters() != null && !operation.getParameters().isEmpty());
		if (takesInput) {
			responses.putIfAbsent("400",
					new ApiResponse().description("Invalid input: `errors` names each field and what is wrong"));
		}
		Access access = this.access.of(path, method.name());
		if (access != Access.PUBLIC) {
			operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
			responses.putIfAbsent("401", new ApiResponse().description("No valid bearer token"));
		}
		if (access == Access.ADMIN) {
			responses.putIfAbsent("403", new ApiResponse().description("The token lacks the ADMIN role"));
			operation.description(join(operation.getDescription(), "Needs a token with the ADMIN role."));
		}
		responses.forEach((status, response) -> {
			if (status.startsWith("4") || status.startsWith("5")) {
				response.content(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
			}
		});
	}

	private static String join(String first, String second) {
		return (first == null || first.isBlank()) ? second : first + "\n\n" + second;
	}

	/** RFC 9457 problem details as every service answers them (Spring's {@code ProblemDetail} plus our errors). */
	static Schema<?> problemSchema() {
		return new ObjectSchema().description("An error, as RFC 9457 problem details (application/problem+json).")
			.addProperty("type", new StringSchema().format("uri").description("Problem type; about:blank for most"))
			.addProperty("title", new StringSchema().description("Short summary of the problem type"))
			.addProperty("status", new IntegerSchema().format("int32").description("The HTTP status code"))
			.addProperty("detail", new StringSchema().description("What went wrong, for a person to read"))
			.addProperty("instance", new StringSchema().format("uri").description("The request path"))
			.addProperty(ProblemDetailsAdvice.ERRORS, new ArraySchema().description("Field-level messages, for invalid input only")
				.items(new Schema<>().$ref("#/components/schemas/" + FIELD_MESSAGE)))
			.required(java.util.List.of("title", "status"));
	}

	/** One string property per component of {@link FieldMessage}, so the schema follows the record. */
	static Schema<?> fieldMessageSchema() {
		Map<String, String> descriptions = Map.of("field", "The request field, e.g. items[0].quantity", "message",
				"What is wrong with it");
		ObjectSchema schema = new ObjectSchema();
		for (RecordComponent component : FieldMessage.class.getRecordComponents()) {
			schema.addProperty(component.getName(),
					new StringSchema().description(descriptions.get(component.getName())));
			schema.addRequiredItem(component.getName());
		}
		return schema.description("One invalid field of the request");
	}

}
