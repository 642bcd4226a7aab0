package shop.user.account;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

class AccountServiceTests {

	private final Accounts accounts = mock(Accounts.class);

	private final CountingEncoder encoder = new CountingEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());

	private AccountService service;

	@BeforeEach
	void setUp() {
		this.service = new AccountService(this.accounts, this.encoder,
				Clock.fixed(Instant.parse("2026-11-26T12:00:00.123456789Z"), ZoneOffset.UTC));
		this.encoder.matches.set(0);
	}

	@Test
	void storesABcryptHashNotThePassword() {
		Account account = this.service.register(" alice@example.com ", "correct horse battery", " Alice ",
				List.of(Role.USER));

		assertThat(account.passwordHash()).startsWith("{bcrypt}$2").doesNotContain("correct horse battery");
		assertThat(this.encoder.delegate.matches("correct horse battery", account.passwordHash())).isTrue();
		assertThat(account.email()).isEqualTo("alice@example.com");
		assertThat(account.name()).isEqualTo("Alice");
		assertThat(account.createdAt()).isEqualTo(Instant.parse("2026-11-26T12:00:00.123456Z"));
	}

	@Test
	void reportsATakenEmail() {
		willThrow(new EmailAlreadyRegistered()).given(this.accounts).insert(any());

		assertThatExceptionOfType(EmailAlreadyRegistered.class).isThrownBy(
				() -> this.service.register("alice@example.com", "correct horse battery", "Alice", List.of(Role.USER)));
	}

	@Test
	void authenticatesWithTheRightPassword() {
		Account alice = account("correct horse battery");
		given(this.accounts.findByEmail("ALICE@example.com")).willReturn(Optional.of(alice));

		assertThat(this.service.authenticate("ALICE@example.com", "correct horse battery")).contains(alice);
	}

	@Test
	void refusesAWrongPasswordAfterOneHashCheck() {
		given(this.accounts.findByEmail("alice@example.com")).willReturn(Optional.of(account("correct horse battery")));

		assertThat(this.service.authenticate("alice@example.com", "wrong password!")).isEmpty();
		assertThat(this.encoder.matches).hasValue(1);
	}

	@Test
	void doesTheSameHashWorkForAnUnknownEmail() {
		given(this.accounts.findByEmail("nobody@example.com")).willReturn(Optional.empty());

		assertThat(this.service.authenticate("nobody@example.com", "correct horse battery")).isEmpty();
		// The timing defence: a real bcrypt comparison ran although there was nothing to compare with.
		assertThat(this.encoder.matches).hasValue(1);
		assertThat(this.encoder.lastHash).startsWith("{bcrypt}$2a$10$");
	}

	private Account account(String password) {
		return new Account(UUID.randomUUID(), "alice@example.com", this.encoder.delegate.encode(password), "Alice",
				List.of(Role.USER), Instant.now());
	}

	/** Counts real comparisons and remembers the hash compared with. */
	static final class CountingEncoder implements PasswordEncoder {

		final PasswordEncoder delegate;

		final AtomicInteger matches = new AtomicInteger();

		volatile String lastHash;

		CountingEncoder(PasswordEncoder delegate) {
			this.delegate = delegate;
		}

		@Override
		public String encode(CharSequence rawPassword) {
			return this.delegate.encode(rawPassword);
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			this.matches.incrementAndGet();
			this.lastHash = encodedPassword;
			return this.delegate.matches(rawPassword, encodedPassword);
		}

	}

}
