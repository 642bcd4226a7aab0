package shop.testing;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerImagesTests {

	@Test
	void answersWithinItsTimeLimitAndNeverPullsAnImageThatIsNotPresent() {
		Duration timeLimit = Duration.ofSeconds(15);
		long started = System.nanoTime();

		DockerImages.Availability availability = DockerImages.check(List.of("shop-test/never-built:0"), timeLimit);

		Duration took = Duration.ofNanos(System.nanoTime() - started);
		// With no daemon the answer is "no daemon"; with a daemon it is "image missing". Either way: no. A pull where
		// no registry is reachable would wait out the time limit, so answering before it means nothing was pulled
		// (no tighter bound: on a loaded machine the check alone has taken 4 s).
		assertThat(availability.usable()).isFalse();
		assertThat(availability.reason()).containsAnyOf("no Docker daemon", "lacks images");
		assertThat(took).isLessThan(timeLimit);
	}

}
