package shop.benchmark;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InterleavedTests {

	@Test
	void alternatesTheOrderOfTargetsFromRoundToRound() {
		List<String> targets = List.of("gateway", "direct");
		assertThat(Interleaved.order(targets, 0)).containsExactly("gateway", "direct");
		assertThat(Interleaved.order(targets, 1)).containsExactly("direct", "gateway");
		assertThat(Interleaved.order(targets, 2)).containsExactly("gateway", "direct");
	}

	@Test
	void collectsEachWatchedJvmInFull() {
		long self = ProcessHandle.current().pid();
		GcPauses before = GcPauses.read(self).orElseThrow();
		Interleaved interleaved = new Interleaved(null, List.of(new WatchedProcess("this test", 0, self)),
				Duration.ofSeconds(2));
		interleaved.collectGarbage();
		assertThat(GcPauses.read(self).orElseThrow().minus(before).fullCount()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void splitsTheTimePerTargetIntoSlicesOfAtMostTheSliceLength() {
		assertThat(Interleaved.rounds(Duration.ofSeconds(10), Duration.ofSeconds(2))).isEqualTo(5);
		assertThat(Interleaved.rounds(Duration.ofSeconds(5), Duration.ofSeconds(2))).isEqualTo(3);
		assertThat(Interleaved.rounds(Duration.ofSeconds(1), Duration.ofSeconds(2))).isEqualTo(1);
	}

}
