package shop.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FreshDatabaseTests {

	@Test
	void replacesOnlyTheDatabaseNameOfAJdbcUrl() {
		assertThat(FreshDatabase.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "it_1"))
			.isEqualTo("jdbc:postgresql://127.0.0.1:5432/it_1");
		assertThat(FreshDatabase.withDatabase("jdbc:postgresql://db:5433/x?sslmode=disable&user=a", "it_2"))
			.isEqualTo("jdbc:postgresql://db:5433/it_2?sslmode=disable&user=a");
		assertThat(FreshDatabase.withDatabase("jdbc:postgresql://db", "it_3")).isEqualTo("jdbc:postgresql://db/it_3");
	}

	@Test
	void createsAnEmptyDatabaseAndDropsItOnClose() throws SQLException {
		FreshDatabase database = LocalPostgres.freshDatabase();
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password()); Statement statement = connection.createStatement()) {
			assertThat(single(statement, "SELECT current_database()")).isEqualTo(database.name());
			assertThat(single(statement,
					"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
				.isEqualTo("0");
		}

		database.close();

		try (Connection connection = DriverManager.getConnection(database.serverUrl(), database.username(),
				database.password()); Statement statement = connection.createStatement()) {
			assertThat(single(statement, "SELECT count(*) FROM pg_database WHERE datname = '" + database.name() + "'"))
				.isEqualTo("0");
		}
	}

	@Test
	void failsWithAClearMessageWhenNoServerAnswers() {
		assertThatIllegalStateException()
			.isThrownBy(() -> FreshDatabase.create("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", ""))
			.withMessageContaining("Integration tests need a PostgreSQL server")
			.withMessageContaining("127.0.0.1:1");
	}

	private static String single(Statement statement, String sql) throws SQLException {
		try (ResultSet rs = statement.executeQuery(sql)) {
			assertThat(rs.next()).isTrue();
			return rs.getString(1);
		}
	}

}
