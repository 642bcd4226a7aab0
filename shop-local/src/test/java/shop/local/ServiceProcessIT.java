package shop.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Runs {@link FakeService} through a real {@code java -jar}, as the services are run. */
class ServiceProcessIT {

	@TempDir
	static Path dir;

	static Path jar;

	@BeforeAll
	static void buildJar() throws IOException, URISyntaxException {
		// A thin jar whose manifest points at the test classes: the same launch path as an exec jar.
		Path classes = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
		manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
		jar = dir.resolve("fake-service-exec.jar");
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
			// The manifest is all it needs.
		}
	}

	@Test
	void startsAJarWaitsForReadinessAndStopsItWithSigterm() {
		ServiceProcess service = ServiceProcess.start(spec("ok"));

		assertThat(service.isAlive()).isTrue();
		assertThat(service.startupTime()).isPositive();
		assertThat(service.rssKib().orElseThrow()).isGreaterThan(1024);
		assertThat(service.baseUri()).hasToString("http://127.0.0.1:" + service.port());
		assertThat(Processes.tail(service.logFile(), 5)).contains("fake service ready");

		int exit = service.stop(Duration.ofSeconds(20));

		assertThat(exit).isEqualTo(143);
		assertThat(service.isAlive()).isFalse();
	}

	@Test
	void killsWithSigkillLikeACrash() {
		ServiceProcess service = ServiceProcess.start(spec("ok"));

		service.kill();

		assertThat(service.isAlive()).isFalse();
		assertThat(ProcessHandle.of(service.pid())).isEmpty();
	}

	@Test
	void restartsAKilledServiceOnTheSamePortKeepingItsLog() {
		ServiceProcess service = ServiceProcess.start(spec("ok"));
		service.kill();

		try (ServiceProcess restarted = service.restart()) {
			assertThat(restarted.isAlive()).isTrue();
			assertThat(restarted.pid()).isNotEqualTo(service.pid());
			assertThat(restarted.port()).isEqualTo(service.port());
			assertThat(Processes.tail(restarted.logFile(), 20).split("fake service ready", -1)).hasSize(3);
		}
	}

	@Test
	void fallsBackToTheOverallHealthWithoutAReadinessGroup() {
		try (ServiceProcess service = ServiceProcess.start(spec("no-readiness"))) {
			assertThat(service.isAlive()).isTrue();
		}
	}

	@Test
	void reportsAServiceThatExitsWhileStartingWithTheEndOfItsLog() {
		assertThatIllegalStateException().isThrownBy(() -> ServiceProcess.start(spec("crash")))
			.withMessageContaining("exited with 3")
			.withMessageContaining("cannot start, giving up");
	}

	private static ServiceProcess.Spec spec(String mode) {
		return ServiceProcess.Spec
			.of("fake-" + mode, jar, Processes.freePort(), dir.resolve("logs").resolve(mode + "-" + System.nanoTime() + ".log"))
			.withEnvironment("FAKE_MODE", mode)
			.withStartTimeout(Duration.ofSeconds(60));
	}

}
