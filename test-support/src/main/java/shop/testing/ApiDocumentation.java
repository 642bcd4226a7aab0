package shop.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Checks a servlet service's OpenAPI document against the service itself: every path and method its own controllers
 * map is documented with a summary, and every error answer is the shop's problem+json. Read from the running
 * application's handler mappings, so a new endpoint without documentation fails the build.
 */
public final class ApiDocumentation {

	static final String PROBLEM_REF = "#/components/schemas/Problem";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ApiDocumentation() {
	}

	/**
	 * {@code GET /v3/api-docs} of a service on loopback, without a token (the document is public), failing unless it
	 * answers 200.
	 * @param headers name, value, name, value...
	 */
	public static JsonNode fetch(int port, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
			.timeout(Duration.ofSeconds(30));
		if (headers.length > 0) {
			request.headers(headers);
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new AssertionError("GET /v3/api-docs answered " + response.statusCode() + ": " + response.body());
		}
		return JsonMapper.shared().readTree(response.body());
	}

	/**
	 * Fails with every gap at once.
	 * @param mappings the application's {@code requestMappingHandlerMapping}
	 * @param ownPackage the package of the service's own controllers, e.g. {@code shop.order}
	 * @param document the document served at {@code /v3/api-docs}
	 * @return the endpoints checked, as {@code "POST /api/orders"}
	 */
	public static List<String> assertComplete(RequestMappingHandlerMapping mappings, String ownPackage,
			JsonNode document) {
		List<String> problems = new ArrayList<>();
		List<String> endpoints = new ArrayList<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
			if (!mapping.getValue().getBeanType().getPackageName().startsWith(ownPackage)) {
				continue;
			}
			RequestMappingInfo info = mapping.getKey();
			if (info.getMethodsCondition().getMethods().isEmpty()) {
				problems.add(mapping.getValue() + " maps every HTTP method: name the ones it serves");
			}
			for (String path : info.getPatternValues()) {
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					String endpoint = method + " " + path;
					endpoints.add(endpoint);
					JsonNode operation = document.path("paths").path(path).path(method.name().toLowerCase(Locale.ROOT));
					if (operation.isMissingNode()) {
						problems.add(endpoint + " is not in the document");
					}
					else if (operation.path("summary").asString("").isBlank()) {
						problems.add(endpoint + " has no summary");
					}
				}
			}
		}
		if (endpoints.isEmpty()) {
			problems.add("no endpoint of package " + ownPackage + " found: wrong package?");
		}
		document.path("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			operation.getValue().path("responses").properties().forEach((response) -> {
				String status = response.getKey();
				String ref = response.getValue().path("content").path("application/problem+json").path("schema")
					.path("$ref").asString("");
				if ((status.startsWith("4") || status.startsWith("5")) && !PROBLEM_REF.equals(ref)) {
					problems.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " answers "
							+ status + " without the problem+json schema");
				}
			});
		}));
		JsonNode errors = document.path("components").path("schemas").path("Problem").path("properties").path("errors");
		if (!"#/components/schemas/FieldMessage".equals(errors.path("items").path("$ref").asString(""))) {
			problems.add("the Problem schema has no errors: [FieldMessage] property");
		}
		if (!"bearer".equals(document.path("components").path("securitySchemes").path("bearer-jwt").path("scheme")
			.asString(""))) {
			problems.add("the bearer-jwt security scheme is missing");
		}
		if (!problems.isEmpty()) {
			throw new AssertionError("The OpenAPI document does not match the service:\n  " + String.join("\n  ", problems));
		}
		return endpoints;
	}

}
