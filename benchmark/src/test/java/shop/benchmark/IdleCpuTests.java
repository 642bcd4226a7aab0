package shop.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IdleCpuTests {

	@Test
	void givesEachProcessItsIdleTicksPerSecond() {
		IdleCpu idle = new IdleCpu(Map.of("order-service", 30L), Duration.ofSeconds(10).toNanos());

		assertThat(idle.ticksPerSecond("order-service")).isEqualTo(3.0);
		assertThat(idle.ticksPerSecond("not-measured")).isZero();
		assertThat(idle.millisPerSecond(100)).containsEntry("order-service", 30.0);
	}

	@Test
	void netCpuPerRequestTakesOffTheIdleRateOverTheMeasuredTime() {
		Measurement measurement = new Measurement();
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(10_000, 50);
		// 50 orders in 10 s; order-service used 300 ticks (3 s) meanwhile, 100 of which it uses idle (10 ticks/s).
		measurement.add(new Measurement.Slice(latencies, 50, Map.of(), Duration.ofSeconds(10).toNanos()),
				Map.of("order-service", 300L, "user-service", 100L));
		IdleCpu idle = new IdleCpu(Map.of("order-service", 20L), Duration.ofSeconds(2).toNanos());

		assertThat(measurement.cpuSecondsPerRequest(100).get("order-service")).isCloseTo(0.060, within(1e-9));
		assertThat(measurement.netCpuSecondsPerRequest(100, idle).get("order-service")).isCloseTo(0.040,
				within(1e-9));
		// No baseline for a process: net is gross.
		assertThat(measurement.netCpuSecondsPerRequest(100, idle).get("user-service")).isCloseTo(0.020,
				within(1e-9));
	}

	@Test
	void measuresTheIdleCpuOfAWatchedProcess() {
		WatchedProcess self = new WatchedProcess("self", 0, ProcessHandle.current().pid());
		IdleCpu idle = new Interleaved(null, List.of(self), Duration.ofSeconds(1)).idle(Duration.ofMillis(200));

		assertThat(idle.nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
		assertThat(idle.ticks()).containsKey("self");
		assertThat(idle.ticks().get("self")).isNotNegative();
	}

}
