package shop.user.account;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration and profiles. */
@RestController
@RequestMapping("/api/users")
@Tag(name = "Accounts", description = "Registration and profiles")
class AccountController {

	private final AccountService accounts;

	AccountController(AccountService accounts) {
		this.accounts = accounts;
	}

	@PostMapping
	@Operation(summary = "Register a shopper account",
			description = "Password at least 10 characters; the e-mail is unique regardless of case.")
	@ApiResponse(responseCode = "201", description = "Registered: the profile, and its URL in Location")
	@ApiResponse(responseCode = "409", description = "The e-mail is registered already")
	ResponseEntity<AccountView> register(@Valid @RequestBody RegistrationRequest request) {
		Account account = this.accounts.register(request.email(), request.password(), request.name(),
				List.of(Role.USER));
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/users/" + account.id()))
			.body(AccountView.of(account));
	}

	@GetMapping("/me")
	@Operation(summary = "Your own profile")
	@ApiResponse(responseCode = "200", description = "The profile of the token's user")
	@ApiResponse(responseCode = "404", description = "The token's user has no account (any more)")
	AccountView me(@AuthenticationPrincipal Jwt jwt) {
		return this.accounts.find(UUID.fromString(jwt.getSubject()))
			.map(AccountView::of)
			.orElseThrow(AccountNotFound::new);
	}

	/** Someone else's account is answered like a missing one: its existence is nobody else's business. */
	@GetMapping("/{id}")
	@Operation(summary = "A profile by id: your own, or anyone's for an administrator")
	@ApiResponse(responseCode = "200", description = "The profile")
	@ApiResponse(responseCode = "404", description = "No such account, or not yours")
	AccountView get(@PathVariable UUID id, @AuthenticationPrincipal Jwt jwt, Authentication authentication) {
		boolean self = id.toString().equals(jwt.getSubject());
		boolean admin = authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> ("ROLE_" + Role.ADMIN).equals(authority.getAuthority()));
		if (!self && !admin) {
			throw new AccountNotFound();
		}
		return this.accounts.find(id).map(AccountView::of).orElseThrow(AccountNotFound::new);
	}

}
