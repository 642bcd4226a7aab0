package shop.user.account;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import shop.user.UserServiceProperties;

/**
 * Ensures the configured administrator exists at start-up ({@code SHOP_ADMIN_EMAIL}, {@code SHOP_ADMIN_PASSWORD}).
 * An existing admin account is kept as it is (its password is not reset). An existing account WITHOUT the admin role
 * is not promoted: whoever registered that address first would otherwise become admin with their own password.
 */
@Component
class AdminAccount implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(AdminAccount.class);

	private final AccountService accounts;

	private final UserServiceProperties.Admin admin;

	AdminAccount(AccountService accounts, UserServiceProperties properties) {
		this.accounts = accounts;
		this.admin = properties.admin();
	}

	@Override
	public void run(ApplicationArguments args) {
		ensure();
	}

	/** What happened, for the log and for tests. */
	Outcome ensure() {
		if (!this.admin.configured()) {
			logger.info("No admin account is created: SHOP_ADMIN_EMAIL and SHOP_ADMIN_PASSWORD are not set.");
			return Outcome.NOT_CONFIGURED;
		}
		Optional<Account> existing = this.accounts.findByEmail(this.admin.email());
		if (existing.isEmpty()) {
			try {
				this.accounts.register(this.admin.email(), this.admin.password(), "Administrator",
						List.of(Role.USER, Role.ADMIN));
				logger.info("Created the admin account {}.", this.admin.email());
				return Outcome.CREATED;
			}
			catch (EmailAlreadyRegistered ex) {
				// Another instance created it at the same moment.
				existing = this.accounts.findByEmail(this.admin.email());
			}
		}
		if (existing.isPresent() && existing.get().has(Role.ADMIN)) {
			logger.info("The admin account {} exists; kept as it is.", this.admin.email());
			return Outcome.KEPT;
		}
		logger.error("The configured admin address {} belongs to an account without the ADMIN role; it is NOT "
				+ "promoted. Configure another address or grant the role by hand.", this.admin.email());
		return Outcome.REFUSED;
	}

	enum Outcome {

		NOT_CONFIGURED, CREATED, KEPT, REFUSED

	}

}
