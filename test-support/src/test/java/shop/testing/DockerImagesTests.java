package shop.testing;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerImagesTests {

	@Test
	void answersQuicklyAndNeverPullsAnImageThatIsNotPresent() {
		long started = System.nanoTime();

		DockerImages.Availability availability = DockerImages.check(List.of("shop-test/never-built:0"),
				Duration.ofSeconds(15));

		Duration took = Duration.ofNanos(System.nanoTime() - started);
		// With no daemon the answer is "no daemon"; with a daemon it is "image missing". Either way: no, and fast
		// (a pull attempt would take minutes where no registry is reachable).
		assertThat(availability.usable()).isFalse();
		assertThat(availability.reason()).containsAnyOf("no Docker daemon", "lacks images");
		assertThat(took).isLessThan(Duration.ofSeconds(3));
	}

}
