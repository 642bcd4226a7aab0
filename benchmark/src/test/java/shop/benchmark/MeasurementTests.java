package shop.benchmark;

import java.time.Duration;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementTests {

	@Test
	void sumsEachKindOfErrorOverItsSlices() {
		Measurement measurement = new Measurement();
		measurement.add(slice(100, Map.of("503", 10L, "timeout", 2L)), Map.of());
		measurement.add(slice(100, Map.of("503", 30L, "429", 5L, "unanswered", 1L)), Map.of());

		assertThat(measurement.errors()).isEqualTo(48);
		assertThat(measurement.rateLimited()).isEqualTo(5);
		assertThat(measurement.errorKinds()).isEqualTo("503 40, 429 5, timeout 2, unanswered 1");
		assertThat(measurement.errorRate()).isEqualTo(0.24);
		// 152 answered in the 2 s of the two slices.
		assertThat(measurement.throughput()).isEqualTo(76.0);
	}

	@Test
	void aMeasurementWithoutErrorsNamesNoKind() {
		Measurement measurement = new Measurement();
		measurement.add(slice(100, Map.of()), Map.of());

		assertThat(measurement.errors()).isZero();
		assertThat(measurement.rateLimited()).isZero();
		assertThat(measurement.errorKinds()).isEmpty();
		assertThat(Report.errors(measurement)).isEqualTo("0");
	}

	@Test
	void addingAnotherMeasurementKeepsItsErrorKinds() {
		Measurement first = new Measurement();
		first.add(slice(100, Map.of("502", 3L)), Map.of());
		Measurement second = new Measurement();
		second.add(slice(100, Map.of("502", 1L, "refused", 4L)), Map.of());

		first.addAll(second);

		assertThat(Report.errors(first)).isEqualTo("8 (502 4, refused 4)");
	}

	private static Measurement.Slice slice(long sent, Map<String, Long> errors) {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(2_000, sent);
		return new Measurement.Slice(latencies, sent, errors, Duration.ofSeconds(1).toNanos());
	}

}
