package shop.benchmark;

import java.nio.ByteBuffer;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HsPerfDataTests {

	private static final long SELF = ProcessHandle.current().pid();

	@Test
	void readsTheCountersThisJvmPublishes() {
		Map<String, Long> counters = HsPerfData.read(SELF).orElseThrow();
		assertThat(counters).containsKeys("sun.gc.collector.0.invocations", "sun.gc.collector.1.time")
			.containsEntry("sun.os.hrt.frequency", 1_000_000_000L);
		assertThat(counters.get("sun.rt.createVmBeginTime")).isPositive();
	}

	@Test
	void seesAFullCollectionThatThisJvmMakes() {
		GcPauses before = GcPauses.read(SELF).orElseThrow();
		System.gc();
		GcPauses made = GcPauses.read(SELF).orElseThrow().minus(before);
		assertThat(made.fullCount()).isGreaterThanOrEqualTo(1);
		assertThat(made.fullNanos()).isPositive();
	}

	@Test
	void refusesWhatIsNotAPerformanceDataFile() {
		assertThatIllegalArgumentException().isThrownBy(() -> HsPerfData.longCounters(ByteBuffer.allocate(64)));
	}

	@Test
	void hasNothingForAProcessThatIsGone() {
		assertThat(HsPerfData.read(Long.MAX_VALUE)).isEmpty();
	}

}
