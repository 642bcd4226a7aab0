package shop.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PgBenchTests {

	@Test
	void readsTpsTransactionsAndFailuresFromPgbenchOutput() {
		String output = """
				transaction type: order-placement.pgbench.sql
				number of transactions actually processed: 1948
				number of failed transactions: 2 (0.103%)
				latency average = 25.511 ms
				tps = 391.991540 (without initial connection time)
				""";
		PgBench.Run run = PgBench.parse(output, 500);
		assertThat(run.tps()).isEqualTo(391.99154);
		assertThat(run.transactions()).isEqualTo(1948);
		assertThat(run.failed()).isEqualTo(2);
		assertThat(run.cpuSecondsPerTransaction(100)).hasValue(5.0 / 1948);
		assertThatIllegalStateException().isThrownBy(() -> PgBench.parse("connection refused", 0));
	}

	@Test
	void appliesTheMigrationsInVersionOrder(@TempDir Path migrations) throws Exception {
		for (String name : new String[] { "V10__later.sql", "V2__lines.sql", "V1__tables.sql", "README.md" }) {
			Files.writeString(migrations.resolve(name), "");
		}
		assertThat(PgBench.migrations(migrations)).extracting((file) -> file.getFileName().toString())
			.containsExactly("V1__tables.sql", "V2__lines.sql", "V10__later.sql");
	}

	@Test
	void theScriptWritesTheTablesOfUserServicesPlacement() throws Exception {
		String script = new String(PgBench.class.getResourceAsStream("order-placement.pgbench.sql").readAllBytes());
		assertThat(script).contains("INSERT INTO order_requests", "pg_advisory_xact_lock", "FROM order_request_lines",
				"INSERT INTO order_request_lines", "INSERT INTO event_publication", "DELETE FROM event_publication");
	}

}
