package shop.local;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessesTests {

	@Test
	void readsTheResidentSetSizeOfALiveProcess() {
		assertThat(Processes.rssKib(ProcessHandle.current().pid()).orElseThrow()).isGreaterThan(10_000);
		assertThat(Processes.rssKib(Long.MAX_VALUE)).isEmpty();
	}

	@Test
	void stopsAProcessThatIgnoresSigtermWithSigkill() throws Exception {
		Process stubborn = ignoringSigterm();

		int exit = Processes.stop(stubborn, Duration.ofMillis(500));

		assertThat(stubborn.isAlive()).isFalse();
		assertThat(exit).isEqualTo(137);
	}

	@Test
	void killsAProcessThatIgnoresSigtermAtOnceAndWaitsForItsEnd() throws Exception {
		Process stubborn = ignoringSigterm();

		Processes.kill(stubborn);

		assertThat(stubborn.isAlive()).isFalse();
		assertThat(stubborn.exitValue()).isEqualTo(137);
	}

	@Test
	void neverHandsOutTheSamePortTwiceEvenWhenTheKernelOffersItAgain() {
		// Ports 1 and 2: the kernel never offers them for bind(0), so the real callers never meet them.
		Iterator<Integer> offers = List.of(1, 1, 1, 2).iterator();

		assertThat(Processes.freePort(offers::next)).isEqualTo(1);
		assertThat(Processes.freePort(offers::next)).isEqualTo(2);
	}

	@Test
	void givesDistinctFreePorts() throws Exception {
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			int port = Processes.freePort();
			assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				assertThat(socket.getLocalPort()).isEqualTo(port);
			}
		}
	}

	@Test
	void choosesPortsBelowTheKernelsEphemeralRangeWhereThereIsRoom() {
		assertThat(Processes.listeningPorts(Optional.of("32768\t60999\n")))
			.contains(new Processes.PortRange(10_000, 32_767));
		// An ephemeral range that starts low leaves room only above it.
		assertThat(Processes.listeningPorts(Optional.of("1024 49151"))).contains(new Processes.PortRange(49_152, 65_535));
		// No room either side: the kernel chooses.
		assertThat(Processes.listeningPorts(Optional.of("1024 65000"))).isEmpty();
		assertThat(Processes.listeningPorts(Optional.of("garbage"))).isEmpty();
		// No /proc (macOS, Windows): below their ephemeral range, which starts at 49152.
		assertThat(Processes.listeningPorts(Optional.empty())).contains(new Processes.PortRange(10_000, 32_767));
	}

	@Test
	void handsOutNoPortThatAnOutgoingConnectionCouldTake() throws Exception {
		Path file = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
		assumeTrue(Files.isReadable(file), "Linux tells its ephemeral range in " + file);
		String[] ephemeral = String.join(" ", Files.readAllLines(file)).trim().split("\\s+");
		int first = Integer.parseInt(ephemeral[0]);
		int last = Integer.parseInt(ephemeral[1]);
		assumeTrue(Processes.listeningPorts(Optional.of(first + " " + last)).isPresent(),
				"this machine leaves no room outside its ephemeral range");

		for (int i = 0; i < 50; i++) {
			int port = Processes.freePort();
			assertThat(port < first || port > last).as("port %d outside %d-%d", port, first, last).isTrue();
		}
	}

	@Test
	void startsAgainOnlyWhenAChosenPortWasTakenAndAttemptsAreLeft() {
		IllegalStateException failure = new IllegalStateException("exited with 1");

		Processes.retryOnTakenPort("Consul", failure, OptionalInt.of(20001), 0, 1);
		Processes.retryOnTakenPort("Consul", failure, OptionalInt.of(20001), 8500, 2);
		assertThatIllegalStateException()
			.isThrownBy(() -> Processes.retryOnTakenPort("Consul", failure, OptionalInt.empty(), 0, 1))
			.isSameAs(failure);
		assertThatIllegalStateException()
			.isThrownBy(() -> Processes.retryOnTakenPort("Consul", failure, OptionalInt.of(8500), 8500, 1))
			.withMessage("Consul could not listen on 127.0.0.1:8500: another process holds that port (attempt 1)")
			.withCause(failure);
		assertThatIllegalStateException()
			.isThrownBy(() -> Processes.retryOnTakenPort("Consul", failure, OptionalInt.of(20001), 0, 3))
			.withMessageContaining("(attempt 3)");
	}

	@Test
	void tailsTheEndOfALog(@TempDir Path dir) throws Exception {
		Path log = Files.write(dir.resolve("x.log"), List.of("a", "b", "c"));

		assertThat(Processes.tail(log, 2)).isEqualTo("b\nc");
		assertThat(Processes.tail(dir.resolve("missing.log"), 2)).startsWith("(no log at");
	}

	/** A shell that ignores SIGTERM, started and with its trap installed. */
	private static Process ignoringSigterm() throws Exception {
		Process stubborn = new ProcessBuilder("bash", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done")
			.start();
		// Wait until the trap is installed: a TERM that arrives before it ends bash at once (exit 143).
		assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(stubborn.getInputStream())).readLine())
			.isEqualTo("ready");
		return stubborn;
	}

}
