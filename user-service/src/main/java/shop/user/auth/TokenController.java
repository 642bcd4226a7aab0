package shop.user.auth;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import shop.user.account.Account;
import shop.user.account.AccountService;

/** Exchanges e-mail and password for an access token. */
@RestController
@Tag(name = "Tokens", description = "Sign-in and the keys that verify tokens")
class TokenController {

	private final AccountService accounts;

	private final TokenIssuer issuer;

	private final SignInThrottle throttle;

	TokenController(AccountService accounts, TokenIssuer issuer, SignInThrottle throttle) {
		this.accounts = accounts;
		this.issuer = issuer;
		this.throttle = throttle;
	}

	/**
	 * The client is the request's remote address: behind the gateway, the address the gateway forwarded
	 * ({@code X-Forwarded-For}, honoured only from internal proxies: {@code server.forward-headers-strategy}).
	 */
	@PostMapping("/api/auth/token")
	@Operation(summary = "Sign in: an access token for e-mail and password",
			description = "The token is an RS256 JWT valid for 15 minutes; send it as `Authorization: Bearer <access_token>`.")
	@ApiResponse(responseCode = "200", description = "The token (never cached)")
	@ApiResponse(responseCode = "401", description = "Unknown e-mail or wrong password (one answer for both)")
	@ApiResponse(responseCode = "429",
			description = "Too many failed sign-ins for this address or from this client; see Retry-After (one answer for known and unknown addresses)")
	ResponseEntity<TokenResponse> token(@Valid @RequestBody TokenRequest request, HttpServletRequest http) {
		String client = http.getRemoteAddr();
		this.throttle.check(request.email(), client);
		Optional<Account> account = this.accounts.authenticate(request.email(), request.password());
		if (account.isEmpty()) {
			this.throttle.failed(request.email(), client);
			throw new InvalidCredentials();
		}
		this.throttle.succeeded(request.email());
		TokenResponse token = this.issuer.issue(account.get());
		// RFC 6749 5.1: token responses must not be cached.
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(token);
	}

}
