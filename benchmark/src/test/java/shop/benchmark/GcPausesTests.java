package shop.benchmark;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GcPausesTests {

	@Test
	void countsCollectorOneAsFullAndEveryOtherCollectorAsPausesToo() {
		Map<String, Long> g1 = Map.of("sun.os.hrt.frequency", 1_000_000L, "sun.gc.collector.0.invocations", 14L,
				"sun.gc.collector.0.time", 96_000L, "sun.gc.collector.1.invocations", 1L, "sun.gc.collector.1.time",
				191_000L, "sun.gc.collector.2.invocations", 2L, "sun.gc.collector.2.time", 4_000L);
		assertThat(GcPauses.from(g1)).isEqualTo(new GcPauses(16, 100_000_000, 1, 191_000_000));
	}

	@Test
	void describesAllPauseTimeThenTheFullCollectionsInIt() {
		assertThat(new GcPauses(14, 96_000_000, 1, 191_000_000).describe()).isEqualTo("287 ms in 15, 1 full 191 ms");
		assertThat(new GcPauses(6, 40_400_000, 0, 0).describe()).isEqualTo("40 ms in 6");
		assertThat(GcPauses.NONE.any()).isFalse();
	}

	@Test
	void subtractsAnEarlierReading() {
		GcPauses earlier = new GcPauses(10, 50, 1, 200);
		assertThat(new GcPauses(12, 80, 2, 500).minus(earlier)).isEqualTo(new GcPauses(2, 30, 1, 300));
		assertThat(earlier.plus(earlier)).isEqualTo(new GcPauses(20, 100, 2, 400));
	}

}
