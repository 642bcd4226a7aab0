package shop.chassis.openapi;

import org.springdoc.core.customizers.ServerBaseUrlCustomizer;

import org.springframework.http.HttpRequest;

/**
 * The document names its server as {@code /}: relative to where it was read from (OpenAPI 3), so Swagger UI's "Try
 * it out" goes through the gateway when the gateway served the document, and to the service when it was read there.
 * The service's own address would be wrong behind the gateway, and the gateway's public address is not the
 * service's to know (the gateway forwards no {@code X-Forwarded-*} headers without trusted proxies).
 */
class RelativeServerUrl implements ServerBaseUrlCustomizer {

	static final String RELATIVE = "/";

	@Override
	public String customize(String serverBaseUrl, HttpRequest request) {
		return RELATIVE;
	}

}
