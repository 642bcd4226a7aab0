package shop.user;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * user-service's own settings. Issuer and audience are not here: they are the chassis' {@code shop.security.*}, read
 * by issuer and validators alike, so the two can never disagree.
 *
 * @param admin the account created at start-up, if configured
 * @param tokens how access tokens are made
 */
@Validated
@ConfigurationProperties("shop.user")
public record UserServiceProperties(@Valid @NotNull @DefaultValue Admin admin, @Valid @NotNull @DefaultValue Tokens tokens) {

	/**
	 * The administrator account ensured at start-up ({@code SHOP_ADMIN_EMAIL}, {@code SHOP_ADMIN_PASSWORD}). Both
	 * empty means no admin is created.
	 *
	 * @param email the admin's e-mail address
	 * @param password the admin's password (at least 10 characters)
	 */
	public record Admin(String email, String password) {

		/** Whether an admin account is wanted. */
		public boolean configured() {
			return StringUtils.hasText(this.email) || StringUtils.hasText(this.password);
		}

		@AssertTrue(message = "email and password must both be set (or neither), the password with at least 10 characters")
		public boolean isComplete() {
			return !configured() || (StringUtils.hasText(this.email) && this.password != null
					&& this.password.length() >= 10);
		}

	}

	/**
	 * Access token settings.
	 *
	 * @param ttl how long a token is valid
	 * @param signingKey where the RS256 signing key comes from
	 */
	public record Tokens(@NotNull @DefaultValue("15m") Duration ttl, @Valid @NotNull @DefaultValue SigningKey signingKey) {

		@AssertTrue(message = "ttl must be positive")
		public boolean isTtlPositive() {
			return this.ttl != null && !this.ttl.isNegative() && !this.ttl.isZero();
		}

	}

	/**
	 * The RSA private key that signs tokens: a PKCS#8 PEM given inline ({@code pem}) or as a resource
	 * ({@code location}, e.g. {@code file:/run/secrets/jwt-signing-key.pem}). With neither, a key is generated once
	 * into {@code localFile}: fine on a laptop, wrong for production (every instance needs the same key).
	 *
	 * @param pem the PEM text itself
	 * @param location a Spring resource location of the PEM
	 * @param localFile where a development key is generated and kept, relative to the working directory
	 */
	public record SigningKey(String pem, String location,
			@NotNull @DefaultValue(".shop/keys/user-service-jwt-signing-key.pem") Path localFile) {

	}

}
