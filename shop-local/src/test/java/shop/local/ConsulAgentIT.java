package shop.local;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;

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

	@Test
	void choosesOtherPortsWhenAnotherProcessBindsAChosenPortFirst(@TempDir Path dir) throws Exception {
		Path binary = ConsulAgent.findBinary(LocalShop.repositoryRoot()).orElse(null);
		Assumptions.assumeTrue(binary != null, "no consul binary: scripts/fetch-consul.sh fetches one");
		try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			// The first port handed out (the HTTP API's) is already taken, as when another process took it in between.
			Iterator<Integer> ports = Stream.concat(Stream.of(squatter.getLocalPort()),
					Stream.generate(Processes::freePort)).iterator();

			try (ConsulAgent consul = ConsulAgent.start(binary, 0, dir.resolve("consul.log"), Duration.ofSeconds(60),
					ports::next)) {
				assertThat(consul.httpPort()).isNotEqualTo(squatter.getLocalPort());
				assertThat(ConsulAgent.answersAt(consul.httpPort())).isTrue();
				assertThat(Files.readString(dir.resolve("consul.log")))
					.contains("127.0.0.1:" + squatter.getLocalPort() + ": bind: address already in use");
			}
		}
	}

	@Test
	void failsAtOnceWhenItsFixedPortIsTaken(@TempDir Path dir) throws Exception {
		Path binary = ConsulAgent.findBinary(LocalShop.repositoryRoot()).orElse(null);
		Assumptions.assumeTrue(binary != null, "no consul binary: scripts/fetch-consul.sh fetches one");
		try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThatIllegalStateException()
				.isThrownBy(() -> ConsulAgent.start(binary, squatter.getLocalPort(), dir.resolve("consul.log"),
						Duration.ofSeconds(60)))
				.withMessage("Consul could not listen on 127.0.0.1:" + squatter.getLocalPort()
						+ ": another process holds that port (attempt 1)");
		}
	}

}
