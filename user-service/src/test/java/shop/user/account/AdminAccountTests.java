package shop.user.account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import shop.user.UserServiceProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class AdminAccountTests {

	private final AccountService accounts = mock(AccountService.class);

	@Test
	void createsNothingWithoutConfiguration() {
		assertThat(adminAccount(null, null).ensure()).isEqualTo(AdminAccount.Outcome.NOT_CONFIGURED);
		verify(this.accounts, never()).register(anyString(), anyString(), anyString(), any());
	}

	@Test
	void createsTheConfiguredAdminWithBothRoles() {
		given(this.accounts.findByEmail("admin@shop.test")).willReturn(Optional.empty());

		assertThat(adminAccount("admin@shop.test", "a-long-admin-password").ensure())
			.isEqualTo(AdminAccount.Outcome.CREATED);
		verify(this.accounts).register("admin@shop.test", "a-long-admin-password", "Administrator",
				List.of(Role.USER, Role.ADMIN));
	}

	@Test
	void keepsAnExistingAdminAsItIs() {
		given(this.accounts.findByEmail("admin@shop.test"))
			.willReturn(Optional.of(account("admin@shop.test", Role.USER, Role.ADMIN)));

		assertThat(adminAccount("admin@shop.test", "a-long-admin-password").ensure())
			.isEqualTo(AdminAccount.Outcome.KEPT);
		verify(this.accounts, never()).register(anyString(), anyString(), anyString(), any());
	}

	@Test
	void neverPromotesAShopperWhoRegisteredTheAdminAddressFirst() {
		given(this.accounts.findByEmail("admin@shop.test"))
			.willReturn(Optional.of(account("admin@shop.test", Role.USER)));

		assertThat(adminAccount("admin@shop.test", "a-long-admin-password").ensure())
			.isEqualTo(AdminAccount.Outcome.REFUSED);
		verify(this.accounts, never()).register(anyString(), anyString(), anyString(), any());
	}

	@Test
	void keepsTheAdminAnotherInstanceCreatedAtTheSameMoment() {
		given(this.accounts.findByEmail("admin@shop.test")).willReturn(Optional.empty(),
				Optional.of(account("admin@shop.test", Role.USER, Role.ADMIN)));
		given(this.accounts.register(anyString(), anyString(), anyString(), any()))
			.willThrow(new EmailAlreadyRegistered());

		assertThat(adminAccount("admin@shop.test", "a-long-admin-password").ensure())
			.isEqualTo(AdminAccount.Outcome.KEPT);
	}

	private AdminAccount adminAccount(String email, String password) {
		UserServiceProperties properties = new UserServiceProperties(new UserServiceProperties.Admin(email, password),
				new UserServiceProperties.Tokens(Duration.ofMinutes(15),
						new UserServiceProperties.SigningKey(null, null, java.nio.file.Path.of("unused"))));
		return new AdminAccount(this.accounts, properties);
	}

	private static Account account(String email, Role... roles) {
		return new Account(UUID.randomUUID(), email, "{bcrypt}x", "Someone", List.of(roles), Instant.now());
	}

}
