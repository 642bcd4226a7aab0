package shop.user.auth;

import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import shop.user.account.AccountService;

/** Exchanges e-mail and password for an access token. */
@RestController
class TokenController {

	private final AccountService accounts;

	private final TokenIssuer issuer;

	TokenController(AccountService accounts, TokenIssuer issuer) {
		this.accounts = accounts;
		this.issuer = issuer;
	}

	@PostMapping("/api/auth/token")
	ResponseEntity<TokenResponse> token(@Valid @RequestBody TokenRequest request) {
		TokenResponse token = this.accounts.authenticate(request.email(), request.password())
			.map(this.issuer::issue)
			.orElseThrow(InvalidCredentials::new);
		// RFC 6749 5.1: token responses must not be cached.
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(token);
	}

}
