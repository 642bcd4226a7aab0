package shop.local;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

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

}
