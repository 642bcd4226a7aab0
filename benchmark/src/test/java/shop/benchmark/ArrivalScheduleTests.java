package shop.benchmark;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ArrivalScheduleTests {

	@Test
	void startsEachRequestAtAFixedIntervalFromTheStartWhateverHappenedBefore() {
		ArrivalSchedule schedule = new ArrivalSchedule(1_000, 20, Duration.ofSeconds(10));
		assertThat(schedule.count()).isEqualTo(200);
		assertThat(schedule.intendedStart(0)).isEqualTo(1_000);
		assertThat(schedule.intendedStart(1)).isEqualTo(1_000 + 50_000_000);
		assertThat(schedule.intendedStart(199)).isEqualTo(1_000 + 199 * 50_000_000L);
	}

	@Test
	void keepsFractionalIntervalsWithoutDrift() {
		ArrivalSchedule schedule = new ArrivalSchedule(0, 3, Duration.ofSeconds(1));
		assertThat(schedule.count()).isEqualTo(3);
		assertThat(schedule.intendedStart(1)).isEqualTo(333_333_333);
		assertThat(schedule.intendedStart(3000)).isEqualTo(1_000_000_000_000L);
	}

	@Test
	void refusesARateThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ArrivalSchedule(0, 0, Duration.ofSeconds(1)));
	}

}
