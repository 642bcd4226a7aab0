package shop.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

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
