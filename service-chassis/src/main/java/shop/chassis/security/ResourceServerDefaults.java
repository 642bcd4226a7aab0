package shop.chassis.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * What every service's security filter chain has in common: stateless bearer-token authentication against the shop's
 * JWKS, the {@code roles} claim as {@code ROLE_*} authorities, and problem+json for 401 and 403. A service applies it
 * and then states its own authorization rules, so the rules stay visible in the service.
 */
public class ResourceServerDefaults {

	/** The token claim that carries the user's roles, e.g. {@code ["USER", "ADMIN"]}. */
	public static final String ROLES_CLAIM = "roles";

	private final ProblemDetailSecurityHandlers problemHandlers;

	public ResourceServerDefaults(ProblemDetailSecurityHandlers problemHandlers) {
		this.problemHandlers = problemHandlers;
	}

	/** The OpenAPI document (springdoc's default path): public, so the gateway's Swagger UI reads it without a token. */
	public static final String[] API_DOCS = { "/v3/api-docs", "/v3/api-docs/**" };

	/**
	 * Applies the shared defaults; the caller adds its own {@code authorizeHttpRequests} rules (they come after the
	 * public API document) and builds the chain.
	 */
	public void applyTo(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, API_DOCS).permitAll());
		http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.exceptionHandling((errors) -> errors.authenticationEntryPoint(this.problemHandlers)
				.accessDeniedHandler(this.problemHandlers))
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(rolesAsAuthorities()))
				.authenticationEntryPoint(this.problemHandlers)
				.accessDeniedHandler(this.problemHandlers));
	}

	static JwtAuthenticationConverter rolesAsAuthorities() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(ROLES_CLAIM);
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

}
