package shop.product;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import shop.chassis.security.ResourceServerDefaults;

/** Who may do what: browsing the catalog is public, changing it takes an administrator (public for slice tests). */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ResourceServerDefaults resourceServer) throws Exception {
		resourceServer.applyTo(http);
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(HttpMethod.GET, "/api/products", "/api/products/**")
			.permitAll()
			.requestMatchers("/api/products", "/api/products/**")
			.hasRole("ADMIN")
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
			.permitAll()
			.requestMatchers("/error")
			.permitAll()
			.anyRequest()
			.authenticated());
		return http.build();
	}

}
