package shop.benchmark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TracingBenchTests {

	private static final TracingBench.Database DATABASE = TracingBench.Database
		.of("postgresql://postgres@127.0.0.1:5432", "shop_benchmark_tracing");

	@Test
	void theServicesReadTheScratchDatabaseOnTheShopsPostgres() {
		assertThat(DATABASE).isEqualTo(new TracingBench.Database(
				"jdbc:postgresql://127.0.0.1:5432/shop_benchmark_tracing", "postgres", ""));
		assertThat(TracingBench.Database.of("postgresql://shop:s%40cret@db.example:6543", "x"))
			.isEqualTo(new TracingBench.Database("jdbc:postgresql://db.example:6543/x", "shop", "s@cret"));
		assertThat(TracingBench.Database.of("postgresql://localhost", "x").user()).isEqualTo("postgres");
		assertThatIllegalArgumentException().isThrownBy(() -> TracingBench.Database.of("jdbc:postgresql://h/x", "x"));
	}

	@Test
	void theTracedServiceSamplesAndExportsToItsEndpoint() {
		URI endpoint = URI.create("http://127.0.0.1:4318/tracing/v1/traces");
		assertThat(TracingBench.tracedEnvironment(DATABASE, endpoint, 0.1))
			.containsEntry("SHOP_TRACING_SAMPLING", "0.1")
			.containsEntry("SHOP_TRACING_EXPORT", "true")
			.containsEntry("SHOP_TRACING_ENDPOINT", endpoint.toString())
			.doesNotContainKey("MANAGEMENT_TRACING_EXPORT_ENABLED")
			.containsEntry("SHOP_DB_URL", DATABASE.jdbcUrl())
			.containsEntry("SHOP_CONSUL_ENABLED", "false")
			.containsEntry("SHOP_KAFKA_BOOTSTRAP", "127.0.0.1:1")
			.containsEntry("SPRING_KAFKA_ADMIN_AUTO_CREATE", "false");
	}

	@Test
	void theMetricsOnlyServiceSamplesNothingAndNeitherExportsNorPropagates() {
		URI endpoint = URI.create("http://127.0.0.1:4318/metrics-only/v1/traces");
		assertThat(TracingBench.metricsOnlyEnvironment(DATABASE, endpoint))
			.containsEntry("SHOP_TRACING_SAMPLING", "0")
			.containsEntry("SHOP_TRACING_EXPORT", "false")
			.containsEntry("MANAGEMENT_TRACING_EXPORT_ENABLED", "false")
			.containsEntry("SHOP_DB_URL", DATABASE.jdbcUrl())
			.containsEntry("SHOP_KAFKA_BOOTSTRAP", "127.0.0.1:1");
	}

	@Test
	void findsTheBuiltExecJarOrSaysHowToBuildIt(@TempDir Path repository) throws IOException {
		assertThatIllegalStateException().isThrownBy(() -> TracingBench.execJar(repository, "product-service"))
			.withMessageContaining("./mvnw -pl product-service -am package")
			.withMessageContaining("--tracing off");
		Path target = Files.createDirectories(repository.resolve("product-service/target"));
		Files.createFile(target.resolve("product-service-0.1.0-SNAPSHOT.jar"));
		Path jar = Files.createFile(target.resolve("product-service-0.1.0-SNAPSHOT-exec.jar"));
		assertThat(TracingBench.execJar(repository, "product-service")).isEqualTo(jar);
	}

}
