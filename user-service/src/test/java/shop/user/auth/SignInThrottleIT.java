package shop.user.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import shop.testing.ShopTestInfrastructure;
import shop.user.Shoppers;
import shop.user.Shoppers.Shopper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in throttle on a real Redis (the machine's, {@code 127.0.0.1:6379}, as in CI), so that every instance of
 * user-service counts the same failures. Its keys get a prefix of their own per run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "shop.user.sign-in-throttle.store=redis",
				"shop.user.sign-in-throttle.max-failures-per-account=3", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=6379" })
@AutoConfigureRestTestClient
@Import(ShopTestInfrastructure.class)
class SignInThrottleIT {

	private static final String PREFIX = "shop-test:" + UUID.randomUUID() + ":";

	@Autowired
	RestTestClient http;

	@Autowired
	StringRedisTemplate redis;

	@DynamicPropertySource
	static void keyPrefix(DynamicPropertyRegistry registry) {
		registry.add("shop.user.sign-in-throttle.key-prefix", () -> PREFIX);
	}

	@AfterEach
	void removeKeys() {
		Set<String> keys = this.redis.keys(PREFIX + "*");
		if (keys != null && !keys.isEmpty()) {
			this.redis.delete(keys);
		}
	}

	@Test
	void refusesAnAccountAfterRepeatedFailuresEvenWithTheRightPasswordCountingInRedis() {
		Shopper shopper = new Shoppers(this.http).register();
		for (int i = 0; i < 3; i++) {
			signIn(shopper.email(), "wrong password!").expectStatus().isUnauthorized();
		}

		signIn(shopper.email(), Shoppers.PASSWORD).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("Retry-After", (seconds) -> assertThat(Long.parseLong(seconds)).isBetween(890L, 900L))
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(TooManySignIns.DETAIL);

		Set<String> keys = this.redis.keys(PREFIX + "account:*");
		assertThat(keys).singleElement().satisfies((key) -> {
			assertThat(key).doesNotContain(shopper.email());
			assertThat(this.redis.opsForValue().get(key)).isEqualTo("3");
			assertThat(this.redis.getExpire(key)).isBetween(Duration.ofMinutes(14).toSeconds(), 900L);
		});
	}

	@Test
	void answersAnUnknownAddressExactlyLikeAKnownOne() {
		Shopper shopper = new Shoppers(this.http).register();
		String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
		for (int i = 0; i < 3; i++) {
			signIn(shopper.email(), "wrong password!").expectStatus().isUnauthorized();
			signIn(unknown, "wrong password!").expectStatus().isUnauthorized();
		}

		String known = signIn(shopper.email(), "wrong password!").expectStatus()
			.isEqualTo(429)
			.returnResult(String.class)
			.getResponseBody();
		String missing = signIn(unknown, "wrong password!").expectStatus()
			.isEqualTo(429)
			.returnResult(String.class)
			.getResponseBody();
		assertThat(missing).isEqualTo(known);
	}

	private RestTestClient.ResponseSpec signIn(String email, String password) {
		return this.http.post()
			.uri("/api/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "password", password))
			.exchange();
	}

}
