package shop.order;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import shop.chassis.security.ResourceServerDefaults;

/** Orders need a valid token; health, info and metrics are public; nothing else is served. */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ResourceServerDefaults resourceServer)
			throws Exception {
		resourceServer.applyTo(http);
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
			.permitAll()
			.requestMatchers("/error")
			.permitAll()
			.requestMatchers("/api/orders", "/api/orders/**")
			.authenticated()
			.anyRequest()
			.denyAll());
		return http.build();
	}

}
