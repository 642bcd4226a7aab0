package shop.benchmark;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkOptionsTests {

	@Test
	void flagsOverrideTheDefaults() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--gateway", "http://localhost:9080",
				"--rate", "150", "--duration", "12.5", "--knee-steps", "0", "--processes", "gw=9080,product=9082" });
		assertThat(options.gateway()).isEqualTo(URI.create("http://localhost:9080"));
		assertThat(options.direct()).isEqualTo(URI.create("http://127.0.0.1:8082"));
		assertThat(options.g1Rate()).isEqualTo(150);
		assertThat(options.duration()).isEqualTo(Duration.ofMillis(12500));
		assertThat(options.kneeSteps()).isZero();
		assertThat(options.processPorts()).containsExactly(java.util.Map.entry("gw", 9080),
				java.util.Map.entry("product", 9082));
		assertThat(Benchmark.g1Rate(options, new KneeSearch.Knee(0, false, 0))).isEqualTo(150);
	}

	@Test
	void smokeIsSmallAndKeepsTheLocalShopPorts() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--smoke" });
		assertThat(options.g1Rate()).isEqualTo(20);
		assertThat(options.kneeSteps()).isEqualTo(2);
		assertThat(options.processPorts()).containsKeys("api-gateway", "product-service");
	}

	@Test
	void orderFlagsGoToTheOrderOptionsAndSmokeShrinksThem() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--smoke", "--shoppers", "7",
				"--order-products", "a, b", "--kafka", "localhost:19092", "--pgbench-duration", "2", "--repository",
				"/repo" });
		assertThat(options.orders().shoppers()).isEqualTo(7);
		assertThat(options.orders().products()).containsExactly("a", "b");
		assertThat(options.orders().kafka()).isEqualTo("localhost:19092");
		assertThat(options.orders().pgbenchDuration()).isEqualTo(Duration.ofSeconds(2));
		assertThat(options.orders().migrations()).isEqualTo(java.nio.file.Path.of(
				"/repo/user-service/src/main/resources/db/migration"));
		assertThat(options.orders().kneeSteps()).isEqualTo(2);
		assertThat(BenchmarkOptions.parse(new String[] { "--orders", "off" }).orders().enabled()).isFalse();
		assertThat(BenchmarkOptions.defaults().orders().shoppers()).isEqualTo(100);
	}

	@Test
	void tracingFlagsGoToTheTracingOptionsAndSmokeSkipsG10() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--tracing-rate", "80",
				"--tracing-knee-steps", "3", "--tracing-duration", "9", "--tracing-sampling", "0.5" });
		assertThat(options.tracing().enabled()).isTrue();
		assertThat(options.tracing().rate()).isEqualTo(80);
		assertThat(options.tracing().kneeSteps()).isEqualTo(3);
		assertThat(options.tracing().duration()).isEqualTo(Duration.ofSeconds(9));
		assertThat(options.tracing().sampling()).isEqualTo(0.5);
		assertThat(BenchmarkOptions.parse(new String[] { "--tracing", "off" }).tracing().enabled()).isFalse();
		assertThat(BenchmarkOptions.parse(new String[] { "--smoke" }).tracing().enabled()).isFalse();
		assertThat(BenchmarkOptions.parse(new String[] { "--smoke", "--tracing", "on" }).tracing().enabled()).isTrue();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--tracing", "yes" }))
			.withMessageContaining("--tracing wants on, off or only");
		TracingOptions only = BenchmarkOptions.parse(new String[] { "--tracing", "only" }).tracing();
		assertThat(only.enabled()).isTrue();
		assertThat(only.only()).isTrue();
		assertThat(BenchmarkOptions.parse(new String[] { "--tracing", "only", "--tracing", "on" }).tracing().only())
			.isFalse();
	}

	@Test
	void theServicesGetTheLaunchersJvmOptionsUnlessShopJvmOptionsIsSet() {
		Path launcherOptions = TracingOptions.launcherOptionsFile();
		assertThat(launcherOptions).isRegularFile();
		assertThat(TracingOptions.jvmOptions(null, launcherOptions)).contains("-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC", "-Xms64m")
			.noneMatch((option) -> option.startsWith("#"))
			.anyMatch((option) -> option.startsWith("-Xmx"));
		assertThat(TracingOptions.jvmOptions(" -Xmx256m  -XX:+UseG1GC ", launcherOptions)).containsExactly("-Xmx256m",
				"-XX:+UseG1GC");
	}

	@Test
	void theG10RateIsHalfTheLowerKneeUnlessGiven() {
		TracingOptions defaults = BenchmarkOptions.defaults().tracing();
		assertThat(TracingBench.rate(defaults, new KneeSearch.Knee(450, false, 5), new KneeSearch.Knee(300, false, 4)))
			.isEqualTo(150);
		assertThat(TracingBench.rate(defaults, new KneeSearch.Knee(0, false, 1), new KneeSearch.Knee(0, false, 1)))
			.isEqualTo(50);
		assertThat(TracingBench.rate(defaults.with("--tracing-rate", "70"), new KneeSearch.Knee(450, false, 5),
				new KneeSearch.Knee(300, false, 4)))
			.isEqualTo(70);
		assertThat(TracingBench.rate(defaults.with("--tracing-knee-steps", "0"), new KneeSearch.Knee(0, false, 0),
				new KneeSearch.Knee(0, false, 0)))
			.isEqualTo(100);
	}

	@Test
	void theG1RateIsHalfTheDirectKneeUnlessGiven() {
		BenchmarkOptions defaults = BenchmarkOptions.defaults();
		assertThat(Benchmark.g1Rate(defaults, new KneeSearch.Knee(380, false, 6))).isEqualTo(190);
		assertThat(Benchmark.g1Rate(defaults, new KneeSearch.Knee(0, false, 1))).isEqualTo(25);
	}

	@Test
	void unknownFlagsAndMissingValuesAreRefusedWithTheUsage() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--rte", "5" }))
			.withMessageContaining("unknown option --rte")
			.withMessageContaining("usage:");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--rate" }))
			.withMessageContaining("missing value after --rate");
	}

}
