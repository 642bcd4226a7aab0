package shop.user;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import shop.chassis.security.ResourceServerDefaults;

/** Who may call what. Registration, sign-in and the JWKS are public; everything else needs a token. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ResourceServerDefaults resourceServer)
			throws Exception {
		resourceServer.applyTo(http);
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(HttpMethod.POST, "/api/users", "/api/auth/token")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/.well-known/jwks.json")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
					"/actuator/prometheus")
			.permitAll()
			// Spring Boot's error page must stay reachable, or every error of a public endpoint turns into a 401.
			.requestMatchers("/error")
			.permitAll()
			.anyRequest()
			.authenticated());
		return http.build();
	}

}
