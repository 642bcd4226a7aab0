package shop.gateway.security;

import java.time.Duration;
import java.util.List;

import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.client.WebClient;

import shop.gateway.GatewayProperties;
import shop.gateway.error.ProblemResponses;
import shop.security.ShopJwtClaims;
import shop.security.ShopJwtValidators;

/**
 * Token checks, CORS and security headers at the edge. A request that needs a token and has no valid one stops here with 401; valid tokens are
 * relayed unchanged, and every service checks them again (defence in depth: a service reached directly is no softer).
 * Public paths stay public and unknown paths fall through to a 404.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class EdgeSecurityConfiguration {

	@Bean
	SecurityWebFilterChain edgeSecurity(ServerHttpSecurity http, ProblemResponses problems,
			GatewayProperties properties) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.cors((cors) -> cors.configurationSource(corsSource(properties.cors().allowedOrigins())))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(properties.contentSecurityPolicy()))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
				.frameOptions((frames) -> frames.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
				// Sent on https requests only (a browser ignores it over http anyway).
				.hsts((hsts) -> hsts.maxAge(Duration.ofDays(365)).includeSubdomains(true)))
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			// Stateless: the token is the credential, so no security context is kept between requests. The default
			// (a WebSession) made every request create a session it never saved, with a hop to boundedElastic and
			// back to parallel (InMemoryWebSessionStore), the largest share of the gateway's cost per request.
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers(HttpMethod.POST, "/api/users", "/api/auth/token")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/products", "/api/products/**", "/.well-known/jwks.json")
				.permitAll()
				.pathMatchers("/api/users/**", "/api/orders", "/api/orders/**", "/api/products", "/api/products/**")
				.authenticated()
				.anyExchange()
				.permitAll())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
			}).authenticationEntryPoint(problems::unauthorized).accessDeniedHandler(problems::forbidden))
			.exceptionHandling((errors) -> errors.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden))
			.build();
	}

	/**
	 * No observation (timer and span) around each of the security chain's filters, nor of its authentications and
	 * authorizations: a request already has its http.server.requests timer and its span, and the per-filter ones
	 * cost every request (8 % of the gateway's CPU samples under the benchmark) without telling an operator more.
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Cross-origin calls from a browser only from the configured origins (none by default: the storefront and the
	 * Swagger UI are served from the gateway's own origin, which needs no CORS). With no origin configured, a
	 * cross-origin request gets 403 and no CORS headers.
	 */
	static CorsConfigurationSource corsSource(List<String> allowedOrigins) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(allowedOrigins);
		cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PATCH", "DELETE"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
		cors.setExposedHeaders(List.of("Location", "Retry-After"));
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

	/**
	 * Fetches user-service's JWKS through service discovery and caches it, then reads and checks a token by the rules
	 * every service applies too ({@link ShopJwtClaims}, {@link ShopJwtValidators}).
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(GatewayProperties properties, @LoadBalanced WebClient.Builder discoveryClient) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
			.jwsAlgorithm(ShopJwtValidators.SIGNATURE_ALGORITHM)
			.webClient(discoveryClient.build())
			.build();
		decoder.setClaimSetConverter(ShopJwtClaims.converter());
		decoder.setJwtValidator(ShopJwtValidators.forShop(properties.issuer(), properties.audience()));
		return decoder;
	}

	@Bean
	@LoadBalanced
	WebClient.Builder discoveryWebClientBuilder() {
		return WebClient.builder();
	}

}
