package shop.user;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class UserServicePropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Enable.class);

	@Test
	void defaultsToNoAdminAndFifteenMinuteTokens() {
		this.contexts.run((context) -> {
			UserServiceProperties properties = context.getBean(UserServiceProperties.class);
			assertThat(properties.admin().configured()).isFalse();
			assertThat(properties.tokens().ttl()).isEqualTo(Duration.ofMinutes(15));
			assertThat(properties.tokens().signingKey().localFile())
				.hasToString(".shop/keys/user-service-jwt-signing-key.pem");
		});
	}

	@Test
	void acceptsACompleteAdmin() {
		this.contexts
			.withPropertyValues("shop.user.admin.email=admin@shop.test", "shop.user.admin.password=long enough!")
			.run((context) -> assertThat(context.getBean(UserServiceProperties.class).admin().configured()).isTrue());
	}

	@Test
	void refusesToStartWithHalfAnAdmin() {
		this.contexts.withPropertyValues("shop.user.admin.email=admin@shop.test")
			.run((context) -> assertThat(context).hasFailed());
		this.contexts.withPropertyValues("shop.user.admin.password=long enough!")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void refusesAShortAdminPassword() {
		this.contexts.withPropertyValues("shop.user.admin.email=admin@shop.test", "shop.user.admin.password=short")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void refusesANonPositiveTokenLifetime() {
		this.contexts.withPropertyValues("shop.user.tokens.ttl=0s").run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(UserServiceProperties.class)
	static class Enable {

	}

}
