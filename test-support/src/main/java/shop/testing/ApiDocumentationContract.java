package shop.testing;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI checks every servlet service must pass, written once: a service's {@code @SpringBootTest} (random port)
 * extends this class, names its controllers' package and a few endpoints that must be there, and adds the checks of
 * its own security rules. The document must be public, cover every path and method the application maps, and send
 * "Try it out" to wherever it was read from.
 */
public abstract class ApiDocumentationContract {

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	/** The package of the service's own controllers, e.g. {@code shop.order}. */
	protected abstract String ownPackage();

	/**
	 * Endpoints that must be among the checked ones, as {@code "POST /api/orders"}: proof that the comparison saw the
	 * service's controllers at all.
	 */
	protected abstract List<String> keyEndpoints();

	/** The service's document, read without a token. */
	protected final JsonNode document() throws Exception {
		return ApiDocumentation.fetch(this.port);
	}

	@Test
	void documentsEveryEndpointWithoutAToken() throws Exception {
		assertThat(ApiDocumentation.assertComplete(this.mappings, ownPackage(), document())).containsAll(keyEndpoints());
	}

	@Test
	void sendsTryItOutToWhereTheDocumentWasRead() throws Exception {
		// Relative: through the gateway's Swagger UI that is the gateway, not this service's own port.
		assertThat(document().path("servers").get(0).path("url").asString()).isEqualTo("/");
	}

}
