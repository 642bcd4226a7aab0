package shop.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocalShopOptionsTests {

	private final Path root = Path.of("/repo");

	private final LocalPostgres postgres = new LocalPostgres("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
			"");

	@Test
	void theLauncherRunsEverythingOnTheUsualPorts() {
		LocalShop.Options options = LocalShop.Options.launcher(this.root, this.postgres, "a@b.c", "secret")
			.withDiscovery(LocalShop.Discovery.startConsul(Path.of("/usr/bin/consul"), 8500));

		assertThat(options.fixedPorts()).containsExactlyInAnyOrderEntriesOf(Map.of("api-gateway", 8080, "user-service",
				8081, "product-service", 8082, "order-service", 8083, "kafka", 9092, "consul", 8500));
		assertThat(options.stateDir()).isEqualTo(this.root.resolve(".shop"));
		assertThat(LocalShop.databaseNames(options)).containsExactly("shop_users", "shop_products", "shop_orders");
		assertThat(options.demoCatalog()).isTrue();
		assertThat(options.embeddedPostgres()).isTrue();
		assertThat(options.classDataSharing()).isTrue();
	}

	@Test
	void applicationsGetTwoMallocArenasUnlessTheLaunchersEnvironmentChoosesItself() {
		ServiceProcess.Spec spec = ServiceProcess.Spec.of("user-service", Path.of("app.jar"), 8081, Path.of("app.log"));

		assertThat(LocalShop.withMallocArenaLimit(spec, Map.of()).environment()).containsEntry("MALLOC_ARENA_MAX", "2");
		assertThat(LocalShop.withMallocArenaLimit(spec, Map.of("MALLOC_ARENA_MAX", "8")).environment())
			.doesNotContainKey("MALLOC_ARENA_MAX");
	}

	@Test
	void anApplicationsOwnJvmOptionsComeAfterTheSharedOnes() {
		List<String> shared = List.of("-XX:TieredStopAtLevel=1", "-Xmx160m");

		// The gateway's own file: C2 back on after the shared C1 only, and its young generation.
		assertThat(LocalShop.applicationJvmOptions(shared, "api-gateway", Map.of())).containsExactly(
				"-XX:TieredStopAtLevel=1", "-Xmx160m", "-XX:TieredStopAtLevel=4", "-Xmn28m", "-XX:SurvivorRatio=3",
				"-XX:TargetSurvivorRatio=90");
		assertThat(LocalShop.applicationJvmOptions(shared, "product-service", Map.of())).isEqualTo(shared);
		// The environment replaces the file; empty means none.
		Map<String, String> environment = Map.of("SHOP_API_GATEWAY_JVM_OPTIONS", " -Xmx200m  -Xss1m ",
				"SHOP_PRODUCT_SERVICE_JVM_OPTIONS", "-Xmx192m");
		assertThat(LocalShop.applicationJvmOptions(shared, "api-gateway", environment))
			.containsExactly("-XX:TieredStopAtLevel=1", "-Xmx160m", "-Xmx200m", "-Xss1m");
		assertThat(LocalShop.applicationJvmOptions(shared, "product-service", environment))
			.containsExactly("-XX:TieredStopAtLevel=1", "-Xmx160m", "-Xmx192m");
		assertThat(LocalShop.applicationJvmOptions(shared, "api-gateway", Map.of("SHOP_API_GATEWAY_JVM_OPTIONS", "")))
			.isEqualTo(shared);
	}

	@Test
	void aConsulThatRunsAlreadyHoldsNoPortOfOurs() {
		LocalShop.Options options = LocalShop.Options.launcher(this.root, this.postgres, "a@b.c", "secret")
			.withDiscovery(LocalShop.Discovery.runningConsul(8500));

		assertThat(options.fixedPorts()).doesNotContainKey("consul");
		assertThat(options.discovery().consul()).isTrue();
		assertThat(LocalShop.Discovery.none().consul()).isFalse();
	}

	@Test
	void testsGetFreePortsAndTheirOwnDatabases() {
		LocalShop.Options options = LocalShop.Options.isolated(this.root, this.root.resolve("target/x"),
				this.postgres, "run_1", "a@b.c", "secret", List.of())
			.withGateway(0)
			.withProductInstances(2)
			.withDiscovery(LocalShop.Discovery.startConsul(Path.of("/usr/bin/consul"), 0));

		assertThat(options.fixedPorts()).isEmpty();
		assertThat(LocalShop.databaseNames(options)).containsExactly("run_1_users", "run_1_products", "run_1_orders");
		assertThat(options.gateway()).isTrue();
		assertThat(options.productInstances()).isEqualTo(2);
		assertThat(options.classDataSharing()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> options.withProductInstances(0));
	}

	@Test
	void namesFurtherInstancesAfterTheirApplication() {
		assertThat(LocalShop.applicationName("product-service#2")).isEqualTo("product-service");
		assertThat(LocalShop.applicationName("api-gateway")).isEqualTo("api-gateway");
	}

	@Test
	void seesWhetherAPortIsTakenAndWhetherPostgresAnswers() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int taken = socket.getLocalPort();
			assertThat(Processes.isPortInUse(taken)).isTrue();
			assertThat(new LocalPostgres("jdbc:postgresql://127.0.0.1:" + taken + "/postgres", "u", "").isReachable())
				.isTrue();
		}
		int free = Processes.freePort();
		assertThat(Processes.isPortInUse(free)).isFalse();
		assertThat(new LocalPostgres("jdbc:postgresql://127.0.0.1:" + free + "/postgres?ssl=false", "u", "")
			.isReachable()).isFalse();
	}

}
