package shop.gateway.security;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import shop.gateway.EdgeContext;

/** Security headers, CORS and the actuator endpoints the gateway exposes. */
class EdgeHeadersTests extends EdgeContext {

	@Autowired
	ApplicationContext context;

	@Test
	void sendsSecurityHeadersWithEveryAnswer() {
		this.client.get()
			.uri("/api/products")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("Referrer-Policy", "strict-origin-when-cross-origin")
			.expectHeader()
			.value("Content-Security-Policy", (csp) -> org.assertj.core.api.Assertions.assertThat(csp)
				.contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
				.doesNotContain("unsafe-inline", "unsafe-eval"))
			.expectHeader()
			.doesNotExist("Strict-Transport-Security");
	}

	@Test
	void sendsHstsOnlyOverHttps() {
		WebTestClient https = WebTestClient.bindToApplicationContext(this.context)
			.configureClient()
			.baseUrl("https://shop.example.com")
			.build();
		https.get()
			.uri("/actuator/health")
			.exchange()
			.expectHeader()
			.value("Strict-Transport-Security", (hsts) -> org.assertj.core.api.Assertions.assertThat(hsts)
				.contains("max-age=31536000", "includeSubDomains"));
	}

	@Test
	void allowsCrossOriginCallsOnlyFromConfiguredOrigins() {
		this.client.options()
			.uri("/api/products")
			.header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization, Content-Type")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN);

		this.client.options()
			.uri("/api/products")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
		this.client.get()
			.uri("/api/products")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@Test
	void exposesHealthInfoAndPrometheusOnly() {
		for (String listed : new String[] { "/actuator/health", "/actuator/health/readiness", "/actuator/info",
				"/actuator/prometheus" }) {
			this.client.get().uri(listed).exchange().expectStatus().isOk();
		}
		for (String hidden : new String[] { "/actuator/env", "/actuator/beans", "/actuator/gateway/routes",
				"/actuator/configprops", "/actuator/heapdump" }) {
			this.client.get().uri(hidden).exchange().expectStatus().isEqualTo(HttpStatus.NOT_FOUND);
		}
	}

}
