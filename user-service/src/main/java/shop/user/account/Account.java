package shop.user.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered user.
 *
 * @param id the user id, also the {@code sub} of the user's tokens
 * @param email the address as registered (unique regardless of case)
 * @param passwordHash the delegating encoder's hash, e.g. {@code {bcrypt}$2a$10$...}; never leaves the service
 * @param name the display name
 * @param roles what the user may do, {@link Role#USER} first
 * @param createdAt when the account was created
 */
public record Account(UUID id, String email, String passwordHash, String name, List<Role> roles, Instant createdAt) {

	public Account {
		roles = List.copyOf(roles);
	}

	/** Whether this account holds the given role. */
	public boolean has(Role role) {
		return this.roles.contains(role);
	}

	@Override
	public String toString() {
		// Keeps the hash out of logs and assertion messages.
		return "Account[id=" + this.id + ", email=" + this.email + ", roles=" + this.roles + "]";
	}

}
