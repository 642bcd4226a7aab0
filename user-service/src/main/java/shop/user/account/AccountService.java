package shop.user.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Registers accounts and checks passwords. */
@Service
public class AccountService {

	private final Accounts accounts;

	private final PasswordEncoder passwordEncoder;

	private final Clock clock;

	/**
	 * A real hash of a random password: checked against when the e-mail is unknown, so that an unknown address costs
	 * the same hashing work as a wrong password and response times do not tell the two apart.
	 */
	private final String decoyHash;

	AccountService(Accounts accounts, PasswordEncoder passwordEncoder, Clock clock) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.clock = clock;
		this.decoyHash = passwordEncoder.encode(UUID.randomUUID().toString());
	}

	/**
	 * Creates an account.
	 * @throws EmailAlreadyRegistered when the address is taken, in any letter case
	 */
	public Account register(String email, String password, String name, List<Role> roles) {
		Account account = new Account(UUID.randomUUID(), email.strip(), this.passwordEncoder.encode(password),
				name.strip(), roles, Instant.now(this.clock).truncatedTo(ChronoUnit.MICROS));
		this.accounts.insert(account);
		return account;
	}

	/** The account, if it exists. */
	public Optional<Account> find(UUID id) {
		return this.accounts.findById(id);
	}

	/** The account with this address in any letter case, if it exists. */
	public Optional<Account> findByEmail(String email) {
		return this.accounts.findByEmail(email);
	}

	/**
	 * The account whose e-mail and password these are. Always runs one password hash check, whether or not the
	 * address exists.
	 */
	public Optional<Account> authenticate(String email, String password) {
		Optional<Account> account = this.accounts.findByEmail(email);
		String hash = account.map(Account::passwordHash).orElse(this.decoyHash);
		boolean matches = this.passwordEncoder.matches(password, hash);
		return account.filter((found) -> matches);
	}

}
