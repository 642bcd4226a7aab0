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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * A HashiCorp Consul agent in development mode ({@code consul agent -dev}: a single server, state in memory, the web
 * UI on) bound to loopback, running as its own process with its log in a file. Every port it opens is chosen, so
 * several agents can run on one machine (tests use free ports). {@link #existing(int)} stands for an agent somebody
 * else runs; stopping that one does nothing.
 */
public final class ConsulAgent implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** How the agent says a port is taken: {@code listen tcp 127.0.0.1:55611: bind: address already in use}. */
	private static final Pattern BIND_FAILURE = Pattern.compile("[^\\s:]+:(\\d+): bind: address already in use");

	/** The agent's command line, kept so that {@link #restart} brings it back on the same ports. */
	private final List<String> command;

	private final int httpPort;

	private final Duration startupTime;

	private final Path logFile;

	// Replaced by restart(): the fault-injection suite stops the agent and starts it again.
	private volatile Process process;

	private volatile Thread shutdownHook;

	private ConsulAgent(List<String> command, Process process, int httpPort, Duration startupTime, Path logFile,
			Thread shutdownHook) {
		this.command = command;
		this.process = process;
		this.httpPort = httpPort;
		this.startupTime = startupTime;
		this.logFile = logFile;
		this.shutdownHook = shutdownHook;
	}

	/**
	 * Where the {@code consul} binary is: {@code SHOP_CONSUL_BINARY} when set, else {@code consul} on the PATH, else
	 * {@code <repo>/.shop/tools/consul} (where {@code scripts/fetch-consul.sh} puts it).
	 * @param repositoryRoot the reactor root
	 * @return the executable, or empty when there is none
	 */
	public static Optional<Path> findBinary(Path repositoryRoot) {
		String configured = System.getenv("SHOP_CONSUL_BINARY");
		if (configured != null && !configured.isBlank()) {
			Path binary = Path.of(configured);
			return Files.isExecutable(binary) ? Optional.of(binary) : Optional.empty();
		}
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(File.pathSeparator)) {
				if (!dir.isBlank()) {
					Path candidate = Path.of(dir, "consul");
					if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
						return Optional.of(candidate);
					}
				}
			}
		}
		Path tools = repositoryRoot.resolve(".shop").resolve("tools").resolve("consul");
		return Files.isExecutable(tools) ? Optional.of(tools) : Optional.empty();
	}

	/**
	 * Whether a Consul agent with an elected leader answers on {@code 127.0.0.1:<httpPort>}.
	 * @param httpPort the HTTP API port
	 * @return true when {@code /v1/status/leader} names a leader
	 */
	public static boolean answersAt(int httpPort) {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v1/status/leader"))
						.timeout(Duration.ofSeconds(2))
						.GET()
						.build(),
					HttpResponse.BodyHandlers.ofString());
			String body = response.body().trim();
			return response.statusCode() == 200 && body.startsWith("\"") && body.length() > 2;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * An agent that already runs (started by somebody else): used, never stopped.
	 * @param httpPort its HTTP API port on loopback
	 * @return a handle without a process
	 */
	public static ConsulAgent existing(int httpPort) {
		return new ConsulAgent(List.of(), null, httpPort, Duration.ZERO, null, null);
	}

	/**
	 * Starts a development agent and waits until it has elected itself leader.
	 * @param binary the {@code consul} executable
	 * @param httpPort the HTTP API (and UI) port, 0 for a free one
	 * @param logFile where the agent's output goes
	 * @param timeout how long it may take
	 * @return the running agent
	 * @throws IllegalStateException when it exits or does not answer in time (it is then killed; the message holds
	 * the end of its log)
	 */
	public static ConsulAgent start(Path binary, int httpPort, Path logFile, Duration timeout) {
		return start(binary, httpPort, logFile, timeout, Processes::freePort);
	}

	/**
	 * Starts an agent on the ports {@code freePorts} gives (the HTTP port first, where {@code httpPort} is 0). A port
	 * chosen free can be taken by another process before the agent binds it; the agent then exits at once, and is
	 * started again on newly chosen ports (three attempts in all). A fixed HTTP port that is taken fails the start.
	 */
	static ConsulAgent start(Path binary, int httpPort, Path logFile, Duration timeout, IntSupplier freePorts) {
		long started = System.nanoTime();
		for (int attempt = 1;; attempt++) {
			int port = (httpPort > 0) ? httpPort : freePorts.getAsInt();
			List<String> command = new ArrayList<>(List.of(binary.toString(), "agent", "-dev", "-node", "shop-local",
					"-bind", "127.0.0.1", "-client", "127.0.0.1", "-log-level", "info"));
			// -dev opens six ports; choose them all, or a second agent on the machine (another test run) collides.
			command.addAll(List.of("-http-port", Integer.toString(port)));
			for (String option : List.of("-dns-port", "-serf-lan-port", "-serf-wan-port", "-server-port",
					"-grpc-port")) {
				command.addAll(List.of(option, Integer.toString(freePorts.getAsInt())));
			}
			ConsulAgent agent = new ConsulAgent(List.copyOf(command), null, port, Duration.ZERO, logFile, null);
			long logBefore = (attempt == 1) ? 0 : Processes.size(logFile);
			try {
				agent.launch((attempt == 1) ? ProcessBuilder.Redirect.to(logFile.toFile())
						: ProcessBuilder.Redirect.appendTo(logFile.toFile()), timeout);
				return new ConsulAgent(agent.command, agent.process, port,
						Duration.ofNanos(System.nanoTime() - started), logFile, agent.shutdownHook);
			}
			catch (IllegalStateException ex) {
				agent.stop();
				Processes.retryOnTakenPort("Consul", ex, Processes.portInLog(logFile, logBefore, BIND_FAILURE), httpPort,
						attempt);
			}
		}
	}

	/**
	 * Starts a stopped agent again with the same command line and ports, its output appended to the same log. A
	 * development agent keeps nothing in memory over a restart: every registration is gone until the applications
	 * register again.
	 * @param timeout how long it may take to elect itself leader
	 * @return how long it took
	 * @throws IllegalStateException when the agent still runs, was not started by this handle, or does not come back
	 */
	public Duration restart(Duration timeout) {
		if (this.process == null || this.process.isAlive()) {
			throw new IllegalStateException("Only a stopped agent this handle started can be restarted");
		}
		long started = System.nanoTime();
		launch(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()), timeout);
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private void launch(ProcessBuilder.Redirect output, Duration timeout) {
		Process started;
		try {
			Files.createDirectories(this.logFile.toAbsolutePath().getParent());
			started = new ProcessBuilder(this.command).redirectErrorStream(true).redirectOutput(output).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start Consul from " + this.command.get(0), ex);
		}
		Thread hook = new Thread(() -> Processes.stop(started, Duration.ofSeconds(5)), "consul-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		this.process = started;
		this.shutdownHook = hook;
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!answersAt(this.httpPort)) {
			if (!started.isAlive()) {
				throw new IllegalStateException("Consul exited with " + started.exitValue() + " while starting. End of "
						+ this.logFile + ":\n" + Processes.tail(this.logFile, 30));
			}
			if (System.nanoTime() > deadline) {
				stop();
				throw new IllegalStateException("Consul did not elect a leader within " + timeout + ". End of "
						+ this.logFile + ":\n" + Processes.tail(this.logFile, 30));
			}
			Processes.pause(Duration.ofMillis(100));
		}
	}

	/** The HTTP API, e.g. {@code http://127.0.0.1:8500}. */
	public URI httpUri() {
		return URI.create("http://127.0.0.1:" + this.httpPort);
	}

	/** The web UI. */
	public URI uiUri() {
		return URI.create("http://127.0.0.1:" + this.httpPort + "/ui/");
	}

	public int httpPort() {
		return this.httpPort;
	}

	/** Whether this handle started the agent (and so stops it). */
	public boolean isOwned() {
		return this.process != null;
	}

	/** The agent's process id, empty for an agent somebody else runs. */
	public OptionalLong pid() {
		return (this.process != null) ? OptionalLong.of(this.process.pid()) : OptionalLong.empty();
	}

	/** Until the agent had a leader. */
	public Duration startupTime() {
		return this.startupTime;
	}

	/** Resident memory in KiB, where known. */
	public OptionalLong rssKib() {
		return (this.process != null) ? Processes.rssKib(this.process.pid()) : OptionalLong.empty();
	}

	public Path logFile() {
		return this.logFile;
	}

	/** Whether the agent this handle started runs (false once stopped; true for one somebody else runs). */
	public boolean isAlive() {
		Process current = this.process;
		return current == null || current.isAlive();
	}

	/** Stops an agent this handle started (SIGTERM, SIGKILL after 10 s); does nothing for an existing one. */
	public void stop() {
		Process current = this.process;
		if (current == null) {
			return;
		}
		Processes.stop(current, Duration.ofSeconds(10));
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down.
		}
	}

	@Override
	public void close() {
		stop();
	}

}
