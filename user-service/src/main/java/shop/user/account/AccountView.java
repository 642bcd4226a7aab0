package shop.user.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An account as clients see it: no password, no hash. */
record AccountView(UUID id, String email, String name, List<Role> roles, Instant createdAt) {

	static AccountView of(Account account) {
		return new AccountView(account.id(), account.email(), account.name(), account.roles(), account.createdAt());
	}

}
