package shop.user.auth;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import shop.user.account.AccountService;

/** Exchanges e-mail and password for an access token. */
@RestController
@Tag(name = "Tokens", description = "Sign-in and the keys that verify tokens")
class TokenController {

	private final AccountService accounts;

	private final TokenIssuer issuer;

	TokenController(AccountService accounts, TokenIssuer issuer) {
		this.accounts = accounts;
		this.issuer = issuer;
	}

	@PostMapping("/api/auth/token")
	@Operation(summary = "Sign in: an access token for e-mail and password",
			description = "The token is an RS256 JWT valid for 15 minutes; send it as `Authorization: Bearer <access_token>`.")
	@ApiResponse(responseCode = "200", description = "The token (never cached)")
	@ApiResponse(responseCode = "401", description = "Unknown e-mail or wrong password (one answer for both)")
	ResponseEntity<TokenResponse> token(@Valid @RequestBody TokenRequest request) {
		TokenResponse token = this.accounts.authenticate(request.email(), request.password())
			.map(this.issuer::issue)
			.orElseThrow(InvalidCredentials::new);
		// RFC 6749 5.1: token responses must not be cached.
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(token);
	}

}
