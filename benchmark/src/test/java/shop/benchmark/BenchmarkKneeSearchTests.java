package shop.benchmark;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Benchmark#searchKnees(Benchmark.Load, List, List, Duration, String)} on a load whose knees are known: each
 * target answers with a p99 of 20 ms up to its knee and 800 ms above it.
 */
class BenchmarkKneeSearchTests {

	private static final Map<String, Double> KNEES = Map.of("gateway", 600.0, "direct", 1300.0);

	private final List<Map<String, Double>> calls = new ArrayList<>();

	@Test
	void narrowsEachKneeToWithinTenPercentBelowTheTrueOne() {
		Benchmark.KneeRun run = search(12);
		KneeSearch.Knee gateway = run.knees().get("gateway");
		KneeSearch.Knee direct = run.knees().get("direct");
		// The geometric steps alone stop at 570 and 1281 (the next ones, 854 and 1922, fail).
		assertThat(gateway.rate()).isLessThanOrEqualTo(600).isGreaterThanOrEqualTo(600 / 1.1);
		assertThat(direct.rate()).isLessThanOrEqualTo(1300).isGreaterThanOrEqualTo(1300 / 1.1);
		assertThat(gateway.lowerBound()).isFalse();
		assertThat(direct.lowerBound()).isFalse();
	}

	@Test
	void narrowsBothKneesInTheSameInterleavedRunsEachAtItsOwnRate() {
		search(12);
		assertThat(this.calls).anySatisfy((call) -> {
			assertThat(call.keySet()).containsExactly("gateway", "direct");
			assertThat(call.get("gateway")).isBetween(570.0, 854.0);
			assertThat(call.get("direct")).isBetween(1281.0, 1922.0);
		});
	}

	@Test
	void measuresAFailedStepOnceMoreAndShowsBothInTheReportRows() {
		Benchmark.KneeRun run = search(12);
		assertThat(run.steps()).anySatisfy((step) -> {
			assertThat(step.rate()).isEqualTo(854);
			assertThat(step.retry()).isTrue();
			assertThat(step.measurements()).containsOnlyKeys("gateway");
		});
	}

	@Test
	void aSearchThatNeverFailsIsNotNarrowedAndGivesALowerBound() {
		Benchmark.KneeRun run = search(3);
		assertThat(run.knees().get("gateway").rate()).isEqualTo(113);
		assertThat(run.knees().get("gateway").lowerBound()).isTrue();
		assertThat(run.steps()).hasSize(3);
	}

	private Benchmark.KneeRun search(int steps) {
		List<Target> targets = List.of(Target.get("gateway", URI.create("http://127.0.0.1:1/")),
				Target.get("direct", URI.create("http://127.0.0.1:1/")));
		return Benchmark.searchKnees(this::measure, targets, KneeSearch.rates(50, 1.5, steps), Duration.ofSeconds(6),
				"req/s");
	}

	private Map<String, Measurement> measure(Map<Target, Double> rates, Duration perTarget) {
		Map<String, Double> call = new LinkedHashMap<>();
		Map<String, Measurement> measured = new LinkedHashMap<>();
		rates.forEach((target, rate) -> {
			call.put(target.name(), rate);
			Histogram latencies = new Histogram(3);
			long micros = (rate <= KNEES.get(target.name())) ? 20_000 : 800_000;
			long sent = Math.round(rate * perTarget.toSeconds());
			latencies.recordValueWithCount(micros, sent);
			Measurement measurement = new Measurement();
			measurement.add(new Measurement.Slice(latencies, sent, Map.of(), perTarget.toNanos()), Map.of());
			measured.put(target.name(), measurement);
		});
		this.calls.add(call);
		return measured;
	}

}
