package shop.user.account;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Account storage. E-mail lookups and uniqueness ignore letter case (unique index on {@code lower(email)}). */
@Repository
class Accounts {

	private static final String COLUMNS = "id, email, password_hash, name, roles, created_at";

	private final JdbcClient jdbc;

	Accounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a new account. There is no "does it exist?" query first: the unique index decides, so two concurrent
	 * registrations of one address cannot both succeed.
	 * @throws EmailAlreadyRegistered when the address is taken
	 */
	void insert(Account account) {
		try {
			this.jdbc
				.sql("INSERT INTO users (" + COLUMNS + ") VALUES (:id, :email, :hash, :name, "
						+ "string_to_array(:roles, ','), :createdAt)")
				.param("id", account.id())
				.param("email", account.email())
				.param("hash", account.passwordHash())
				.param("name", account.name())
				.param("roles", String.join(",", account.roles().stream().map(Role::name).toList()))
				.param("createdAt", java.sql.Timestamp.from(account.createdAt()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new EmailAlreadyRegistered();
		}
	}

	Optional<Account> findById(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id")
			.param("id", id)
			.query(Accounts::map)
			.optional();
	}

	Optional<Account> findByEmail(String email) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower(:email)")
			.param("email", email.strip())
			.query(Accounts::map)
			.optional();
	}

	private static Account map(ResultSet rs, int row) throws SQLException {
		Array roles = rs.getArray("roles");
		return new Account(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("password_hash"),
				rs.getString("name"), Arrays.stream((String[]) roles.getArray()).map(Role::valueOf).toList(),
				rs.getTimestamp("created_at").toInstant());
	}

}
