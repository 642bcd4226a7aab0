package shop.local;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPostgresIT {

	@Test
	void createsAMissingDatabaseOnceAndDropsIt() {
		LocalPostgres server = LocalPostgres.fromEnvironment();
		String name = "local_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try {
			assertThat(server.ensureDatabase(name)).isTrue();
			assertThat(server.ensureDatabase(name)).isFalse();
			assertThat(server.queryForString(name, "SELECT current_database()")).isEqualTo(name);
		}
		finally {
			server.dropDatabase(name);
		}
		assertThat(server.queryForString("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"))
			.isEqualTo("0");
	}

}
