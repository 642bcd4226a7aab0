package shop.testing;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared by the contexts that must each get their own database. */
final class FreshDatabaseAssertions {

	private FreshDatabaseAssertions() {
	}

	/**
	 * Asserts the database is a fresh test database with no tables, then creates one, so that a second context
	 * handed the same database would fail the same assertion.
	 */
	static void assertFreshAndClaim(JdbcClient jdbc) {
		String name = jdbc.sql("SELECT current_database()").query(String.class).single();
		Long tables = jdbc.sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
			.query(Long.class)
			.single();
		assertThat(tables).as("tables in " + name).isZero();
		// Local mode names a new database per context; Testcontainers mode has one container (database "test") each.
		assertThat(name).matches("it_\\d+_[0-9a-f]{12}|test");
		jdbc.sql("CREATE TABLE claimed (id int)").update();
	}

}
