package shop.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocalPostgresTests {

	private final LocalPostgres server = new LocalPostgres("jdbc:postgresql://db:5433/postgres?ssl=false", "u", "");

	@Test
	void pointsAtAnotherDatabaseOnTheSameServer() {
		assertThat(this.server.jdbcUrl("shop_orders")).isEqualTo("jdbc:postgresql://db:5433/shop_orders?ssl=false");
	}

	@Test
	void refusesNamesThatAreNotPlainIdentifiers() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.jdbcUrl("x; DROP DATABASE postgres"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.ensureDatabase("Shop"));
	}

}
