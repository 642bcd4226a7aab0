package shop.user.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What a new user sends.
 *
 * @param email a valid e-mail address
 * @param password 10 to 128 characters (and at most 72 UTF-8 bytes, bcrypt's limit)
 * @param name a non-blank display name
 */
record RegistrationRequest(@NotBlank @Email(regexp = ".+@.+\\..+") @Size(max = 254) String email,
		@NotNull @Size(min = 10, max = 128) @MaxUtf8Bytes(72) String password, @NotBlank @Size(max = 100) String name) {

	@Override
	public String toString() {
		return "RegistrationRequest[email=" + this.email + ", name=" + this.name + "]";
	}

}
