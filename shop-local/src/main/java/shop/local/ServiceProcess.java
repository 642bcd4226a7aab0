package shop.local;

import java.io.File;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One Spring Boot service running from its exec jar as a separate JVM ({@code java -jar <jar>}), logging to a file.
 * {@link #start(Spec)} returns once {@code /actuator/health/readiness} (or {@code /actuator/health} where the
 * readiness group does not exist) says {@code UP}; {@link #stop()} is a SIGTERM with a SIGKILL after a grace period,
 * {@link #kill()} a SIGKILL at once, and {@link #restart()} runs the same spec again (same port, environment and
 * database), as a supervisor would after a crash. {@link #restartWithExtraClasspath} runs it once with more classes
 * (a fault-injection test's), which the service's own jar does not have.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final Pattern UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Spec spec;

	private final Process process;

	private final Duration startupTime;

	private final Thread shutdownHook;

	private ServiceProcess(Spec spec, Process process, Duration startupTime, Thread shutdownHook) {
		this.spec = spec;
		this.process = process;
		this.startupTime = startupTime;
		this.shutdownHook = shutdownHook;
	}

	/**
	 * Starts the service and waits until it is ready.
	 * @param spec what to run
	 * @return the ready service
	 * @throws IllegalStateException when it exits or is not ready in time (then it is killed; the message holds the
	 * last health answer and the end of its log)
	 */
	public static ServiceProcess start(Spec spec) {
		return start(spec, ProcessBuilder.Redirect.to(spec.logFile().toFile()), List.of(), List.of());
	}

	private static ServiceProcess start(Spec spec, ProcessBuilder.Redirect log, List<String> extraJvmOptions,
			List<Path> extraClasspath) {
		long started = System.nanoTime();
		List<String> command = new ArrayList<>();
		command.add(Processes.javaExecutable());
		command.addAll(spec.jvmOptions());
		command.addAll(extraJvmOptions);
		command.addAll(launch(spec.jar(), extraClasspath));
		command.addAll(spec.args());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log);
		if (spec.workingDirectory() != null) {
			builder.directory(spec.workingDirectory().toFile());
		}
		builder.environment().put("PORT", Integer.toString(spec.port()));
		builder.environment().putAll(spec.environment());
		Process process;
		try {
			Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + spec.name(), ex);
		}
		Thread hook = new Thread(() -> Processes.stop(process, spec.stopGrace()), spec.name() + "-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		awaitReady(spec, process);
		return new ServiceProcess(spec, process, Duration.ofNanos(System.nanoTime() - started), hook);
	}

	/**
	 * {@code -jar <jar>}, or with an extra classpath: a Spring Boot exec jar's {@code JarLauncher} ignores
	 * {@code -cp}, so its {@code PropertiesLauncher} runs it with {@code loader.path}; a plain (extracted) jar runs
	 * its main class with the extra entries after it on {@code -cp}.
	 */
	static List<String> launch(Path jar, List<Path> extraClasspath) {
		if (extraClasspath.isEmpty()) {
			return List.of("-jar", jar.toString());
		}
		String mainClass;
		try (JarFile file = new JarFile(jar.toFile())) {
			mainClass = file.getManifest().getMainAttributes().getValue("Main-Class");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the manifest of " + jar, ex);
		}
		if (mainClass.startsWith("org.springframework.boot.loader.")) {
			return List.of("-Dloader.path=" + join(extraClasspath, ","), "-cp", jar.toString(),
					"org.springframework.boot.loader.launch.PropertiesLauncher");
		}
		return List.of("-cp", jar + File.pathSeparator + join(extraClasspath, File.pathSeparator), mainClass);
	}

	private static String join(List<Path> paths, String separator) {
		return paths.stream().map((path) -> path.toAbsolutePath().toString()).collect(Collectors.joining(separator));
	}

	/**
	 * The exec jar the build wrote for a module: {@code <repo>/<module>/target/<module>-<version>-exec.jar}.
	 * @param repositoryRoot the reactor root
	 * @param module the module directory and artifact id
	 * @return the jar
	 * @throws IllegalStateException when there is none (or several)
	 */
	public static Path execJar(Path repositoryRoot, String module) {
		Path target = repositoryRoot.resolve(module).resolve("target");
		List<Path> jars;
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			jars = files.filter((p) -> {
				String name = p.getFileName().toString();
				return name.startsWith(module + "-") && name.endsWith("-exec.jar");
			}).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (jars.size() != 1) {
			throw new IllegalStateException("Expected one " + module + "-*-exec.jar in " + target + " but found "
					+ jars + ": build it first (./mvnw -pl " + module + " -am package -DskipTests)");
		}
		return jars.get(0);
	}

	public String name() {
		return this.spec.name();
	}

	public int port() {
		return this.spec.port();
	}

	/** {@code http://127.0.0.1:<port>}. */
	public URI baseUri() {
		return URI.create("http://127.0.0.1:" + this.spec.port());
	}

	public long pid() {
		return this.process.pid();
	}

	/** From the start of the JVM until the service reported ready. */
	public Duration startupTime() {
		return this.startupTime;
	}

	public Path logFile() {
		return this.spec.logFile();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Resident memory in KiB from /proc, empty when unknown. */
	public OptionalLong rssKib() {
		return Processes.rssKib(pid());
	}

	/**
	 * SIGTERM (Spring's graceful shutdown), SIGKILL after 30 s.
	 * @return the exit code
	 */
	public int stop() {
		return stop(Duration.ofSeconds(30));
	}

	/**
	 * SIGTERM, SIGKILL after the grace period.
	 * @param grace how long the graceful shutdown may take
	 * @return the exit code
	 */
	public int stop(Duration grace) {
		int exit = Processes.stop(this.process, grace);
		removeShutdownHook();
		return exit;
	}

	/** SIGKILL ({@code kill -9}) at once, as a crash would; waits until the process is gone. */
	public void kill() {
		Processes.kill(this.process);
		removeShutdownHook();
	}

	/**
	 * Starts this service again from the same spec once its process has ended (stopping it first if it still runs),
	 * and waits until it is ready. The log file is appended to, so the earlier life stays readable.
	 * @return the new process
	 */
	public ServiceProcess restart() {
		if (this.process.isAlive()) {
			stop();
		}
		return restartWithExtraClasspath(List.of(), List.of());
	}

	/**
	 * As {@link #restart()}, this once with more JVM options and classpath entries (for fault injection: a test's
	 * auto-configuration); a later {@link #restart()} of the returned process runs the plain spec again.
	 * @param extraJvmOptions options after the spec's own
	 * @param extraClasspath directories or jars the application's class loader also loads from
	 * @return the new process
	 */
	public ServiceProcess restartWithExtraClasspath(List<String> extraJvmOptions, List<Path> extraClasspath) {
		if (this.process.isAlive()) {
			stop();
		}
		return start(this.spec, ProcessBuilder.Redirect.appendTo(this.spec.logFile().toFile()), extraJvmOptions,
				extraClasspath);
	}

	@Override
	public void close() {
		stop();
	}

	private void removeShutdownHook() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down.
		}
	}

	private static void awaitReady(Spec spec, Process process) {
		long deadline = System.nanoTime() + spec.startTimeout().toNanos();
		String path = spec.healthPath();
		String last = "no answer yet";
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(spec.name() + " exited with " + process.exitValue()
						+ " while starting. End of " + spec.logFile() + ":\n" + Processes.tail(spec.logFile(), 60));
			}
			try {
				HttpResponse<String> response = HTTP.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + spec.port() + path))
							.timeout(Duration.ofSeconds(3))
							.GET()
							.build(),
						HttpResponse.BodyHandlers.ofString());
				last = "GET " + path + " -> " + response.statusCode() + " " + response.body();
				if (response.statusCode() == 200 && UP.matcher(response.body()).find()) {
					return;
				}
				if (response.statusCode() == 404 && !path.equals("/actuator/health")) {
					// No readiness group: the overall health is the next best signal.
					path = "/actuator/health";
				}
			}
			catch (IOException ex) {
				last = "GET " + path + " -> " + ex;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			Processes.pause(Duration.ofMillis(250));
		}
		Processes.stop(process, Duration.ofSeconds(5));
		throw new IllegalStateException(spec.name() + " was not ready within " + spec.startTimeout() + " (last: " + last
				+ "). End of " + spec.logFile() + ":\n" + Processes.tail(spec.logFile(), 60));
	}

	/**
	 * What to run.
	 *
	 * @param name a label for messages
	 * @param jar the exec jar
	 * @param port the HTTP port, passed as {@code PORT}
	 * @param environment further environment variables
	 * @param jvmOptions options before {@code -jar}
	 * @param args program arguments
	 * @param logFile where stdout and stderr go
	 * @param healthPath polled until UP
	 * @param startTimeout how long it may take
	 * @param workingDirectory where relative paths of the service resolve (e.g. its local key file), null for the
	 * current one
	 * @param stopGrace how long the launcher's shutdown hook waits for the process to stop before SIGKILL
	 */
	public record Spec(String name, Path jar, int port, Map<String, String> environment, List<String> jvmOptions,
			List<String> args, Path logFile, String healthPath, Duration startTimeout, Path workingDirectory,
			Duration stopGrace) {

		public Spec {
			environment = Map.copyOf(environment);
			jvmOptions = List.copyOf(jvmOptions);
			args = List.copyOf(args);
		}

		/** No extra options, readiness probe, 3 minutes to start (several services on two cores take a while). */
		public static Spec of(String name, Path jar, int port, Path logFile) {
			return new Spec(name, jar, port, Map.of(), List.of(), List.of(), logFile, "/actuator/health/readiness",
					Duration.ofMinutes(3), null, Duration.ofSeconds(10));
		}

		public Spec withEnvironment(String key, String value) {
			Map<String, String> environment = new LinkedHashMap<>(this.environment);
			environment.put(key, value);
			return new Spec(this.name, this.jar, this.port, environment, this.jvmOptions, this.args, this.logFile,
					this.healthPath, this.startTimeout, this.workingDirectory, this.stopGrace);
		}

		public Spec withJvmOptions(List<String> jvmOptions) {
			return new Spec(this.name, this.jar, this.port, this.environment, jvmOptions, this.args, this.logFile,
					this.healthPath, this.startTimeout, this.workingDirectory, this.stopGrace);
		}

		public Spec withArgs(List<String> args) {
			return new Spec(this.name, this.jar, this.port, this.environment, this.jvmOptions, args, this.logFile,
					this.healthPath, this.startTimeout, this.workingDirectory, this.stopGrace);
		}

		public Spec withHealthPath(String healthPath) {
			return new Spec(this.name, this.jar, this.port, this.environment, this.jvmOptions, this.args, this.logFile,
					healthPath, this.startTimeout, this.workingDirectory, this.stopGrace);
		}

		public Spec withWorkingDirectory(Path workingDirectory) {
			return new Spec(this.name, this.jar, this.port, this.environment, this.jvmOptions, this.args, this.logFile,
					this.healthPath, this.startTimeout, workingDirectory, this.stopGrace);
		}

		/** How long the shutdown hook lets the process stop by itself before SIGKILL (default 10 s). */
		public Spec withStopGrace(Duration stopGrace) {
			return new Spec(this.name, this.jar, this.port, this.environment, this.jvmOptions, this.args, this.logFile,
					this.healthPath, this.startTimeout, this.workingDirectory, stopGrace);
		}

		public Spec withStartTimeout(Duration startTimeout) {
			return new Spec(this.name, this.jar, this.port, this.environment, this.jvmOptions, this.args, this.logFile,
					this.healthPath, startTimeout, this.workingDirectory, this.stopGrace);
		}

	}

}
