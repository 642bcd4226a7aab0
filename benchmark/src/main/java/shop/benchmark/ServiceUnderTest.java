package shop.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service the benchmark starts itself (G10), as {@code ./benchmark/cold-start} does: its exec jar in a JVM of its
 * own with the launcher's options, on its own port, logging to a file; ready when
 * {@code /actuator/health/readiness} says UP. {@link #close()} stops it (SIGTERM, then SIGKILL after 20 s).
 */
final class ServiceUnderTest implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private final Thread shutdownHook;

	private ServiceUnderTest(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
		// A benchmark stopped by Ctrl-C or a timeout must not leave the service running.
		this.shutdownHook = new Thread(this::stop, name + "-stop");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/** Starts the jar and waits for readiness; on failure the process is stopped and the log's end is in the error. */
	static ServiceUnderTest start(String name, Path jar, List<String> jvmOptions, int port,
			Map<String, String> environment, Path log, Duration timeout) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("PORT", Integer.toString(port));
		builder.environment().putAll(environment);
		ServiceUnderTest service;
		try {
			Files.createDirectories(log.toAbsolutePath().getParent());
			service = new ServiceUnderTest(name, port, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + name, ex);
		}
		try {
			service.awaitReady(timeout);
			return service;
		}
		catch (RuntimeException ex) {
			service.close();
			throw ex;
		}
	}

	private void awaitReady(Duration timeout) {
		URI readiness = URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness");
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + "; log "
						+ this.log.toAbsolutePath() + ":\n" + logTail());
			}
			try {
				HttpResponse<String> response = HTTP.send(
						HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
			pause();
		}
		throw new IllegalStateException(this.name + " was not ready in " + timeout.toSeconds() + " s; log "
				+ this.log.toAbsolutePath() + ":\n" + logTail());
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static void pause() {
		try {
			TimeUnit.MILLISECONDS.sleep(250);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	WatchedProcess watched() {
		return new WatchedProcess(this.name, this.port, this.process.pid());
	}

	URI baseUri() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down: the hook stops it (again, harmlessly).
		}
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
