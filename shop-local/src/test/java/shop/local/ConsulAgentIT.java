package shop.local;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ConsulAgentIT {

	@Test
	void startsADevelopmentAgentOnChosenPortsAndStopsIt(@TempDir Path dir) {
		Path binary = ConsulAgent.findBinary(LocalShop.repositoryRoot()).orElse(null);
		Assumptions.assumeTrue(binary != null, "no consul binary: scripts/fetch-consul.sh fetches one");

		ConsulAgent consul = ConsulAgent.start(binary, 0, dir.resolve("consul.log"), Duration.ofSeconds(60));
		try {
			assertThat(consul.isOwned()).isTrue();
			assertThat(ConsulAgent.answersAt(consul.httpPort())).isTrue();
			assertThat(LocalShop.passingInstances(consul, "nothing-registered")).isZero();
			assertThat(ConsulAgent.existing(consul.httpPort()).isOwned()).isFalse();
		}
		finally {
			consul.stop();
		}
		assertThat(ConsulAgent.answersAt(consul.httpPort())).isFalse();
		assertThat(Processes.isPortInUse(consul.httpPort())).isFalse();
	}

	@Test
	void restartsAStoppedAgentOnTheSamePortWithoutItsRegistrations(@TempDir Path dir) {
		Path binary = ConsulAgent.findBinary(LocalShop.repositoryRoot()).orElse(null);
		Assumptions.assumeTrue(binary != null, "no consul binary: scripts/fetch-consul.sh fetches one");

		ConsulAgent consul = ConsulAgent.start(binary, 0, dir.resolve("consul.log"), Duration.ofSeconds(60));
		try {
			assertThatIllegalStateException().isThrownBy(() -> consul.restart(Duration.ofSeconds(60)));
			consul.stop();
			assertThat(consul.isAlive()).isFalse();
			assertThat(ConsulAgent.answersAt(consul.httpPort())).isFalse();

			assertThat(consul.restart(Duration.ofSeconds(60))).isPositive();
			assertThat(consul.isAlive()).isTrue();
			assertThat(ConsulAgent.answersAt(consul.httpPort())).isTrue();
		}
		finally {
			consul.stop();
		}
		assertThat(Processes.isPortInUse(consul.httpPort())).isFalse();
	}

}
