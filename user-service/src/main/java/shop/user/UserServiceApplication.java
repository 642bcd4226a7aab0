package shop.user;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** user-service: accounts, access tokens (issuer and JWKS) and order placement through the outbox. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UserServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(UserServiceApplication.class, args);
	}

	/** One clock for timestamps and token lifetimes, so tests can pin time. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
