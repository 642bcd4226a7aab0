package shop.user.account;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

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
class AccountController {

	private final AccountService accounts;

	AccountController(AccountService accounts) {
		this.accounts = accounts;
	}

	@PostMapping
	ResponseEntity<AccountView> register(@Valid @RequestBody RegistrationRequest request) {
		Account account = this.accounts.register(request.email(), request.password(), request.name(),
				List.of(Role.USER));
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/users/" + account.id()))
			.body(AccountView.of(account));
	}

	@GetMapping("/me")
	AccountView me(@AuthenticationPrincipal Jwt jwt) {
		return this.accounts.find(UUID.fromString(jwt.getSubject()))
			.map(AccountView::of)
			.orElseThrow(AccountNotFound::new);
	}

	/** Someone else's account is answered like a missing one: its existence is nobody else's business. */
	@GetMapping("/{id}")
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
