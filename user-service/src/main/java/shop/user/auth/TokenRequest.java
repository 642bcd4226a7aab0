package shop.user.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Credentials exchanged for an access token.
 *
 * @param email the account's e-mail address, any letter case
 * @param password the account's password
 */
record TokenRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {

	@Override
	public String toString() {
		return "TokenRequest[email=" + this.email + "]";
	}

}
