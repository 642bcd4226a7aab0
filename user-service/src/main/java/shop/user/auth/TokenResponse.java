package shop.user.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An issued access token, in the OAuth 2.0 token response shape (RFC 6749, section 5.1).
 *
 * @param accessToken the signed JWT
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds until it expires
 */
record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
		@JsonProperty("expires_in") long expiresIn) {

	static TokenResponse bearer(String accessToken, long expiresIn) {
		return new TokenResponse(accessToken, "Bearer", expiresIn);
	}

}
