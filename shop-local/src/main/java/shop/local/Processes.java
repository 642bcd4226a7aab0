package shop.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** Small process utilities shared by the launchers. */
public final class Processes {

	/** Every port {@link #freePort()} returned in this JVM. */
	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private Processes() {
	}

	/**
	 * The resident set size of a process, from {@code /proc/<pid>/status} ({@code VmRSS}).
	 * @param pid the process id
	 * @return the RSS in KiB, or empty where /proc is not available or the process is gone
	 */
	public static OptionalLong rssKib(long pid) {
		Path status = Path.of("/proc", Long.toString(pid), "status");
		try {
			for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
				if (line.startsWith("VmRSS:")) {
					return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Not Linux (or the process just exited): ask ps, which macOS has too.
			return rssKibFromPs(pid);
		}
		return OptionalLong.empty();
	}

	private static OptionalLong rssKibFromPs(long pid) {
		try {
			Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid)).redirectErrorStream(true)
				.start();
			String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (ps.waitFor(5, TimeUnit.SECONDS) && ps.exitValue() == 0 && out.matches("[0-9]+")) {
				return OptionalLong.of(Long.parseLong(out));
			}
		}
		catch (IOException ex) {
			// No ps either.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return OptionalLong.empty();
	}

	/**
	 * Whether something already listens on a TCP port of this machine: a connection to loopback is accepted, or
	 * the port cannot be bound on every interface (what a Spring Boot server does).
	 * @param port the port
	 * @return true when it is taken
	 */
	public static boolean isPortInUse(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
			return true;
		}
		catch (IOException ex) {
			// Nobody answers on loopback; somebody may still hold the port on another interface.
		}
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(port));
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/** Whether this JVM runs as the super-user (uid 0), where the platform tells. */
	public static boolean runsAsRoot() {
		try {
			return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
		}
		catch (LinkageError | RuntimeException ex) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

	/**
	 * A TCP port that is free on loopback right now, and never one this JVM handed out before. The kernel may give
	 * the same port to two binds in a row once the first socket is closed: Consul's serf and gRPC ports once came out
	 * equal, and the agent did not start. Another process may still take the port before it is used, which the callers
	 * accept: the start then fails visibly instead of silently binding elsewhere.
	 * @return a port number
	 */
	public static int freePort() {
		return freePort(Processes::anyFreePort);
	}

	/** {@link #freePort()} with the kernel's choice given (tests give it one that repeats). */
	static int freePort(IntSupplier kernelChoice) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = kernelChoice.getAsInt();
			if (HANDED_OUT.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("The kernel keeps offering ports this launcher already uses");
	}

	private static int anyFreePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The last lines of a log file, for error messages.
	 * @param file the log
	 * @param lines how many
	 * @return the lines joined by newlines, or a note when the file cannot be read
	 */
	public static String tail(Path file, int lines) {
		try {
			List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no log at " + file + ": " + ex.getMessage() + ")";
		}
	}

	/**
	 * Sends SIGTERM, waits, then SIGKILL.
	 * @param process the process
	 * @param grace how long it may take to stop by itself
	 * @return the exit code
	 */
	static int stop(Process process, Duration grace) {
		if (!process.isAlive()) {
			return process.exitValue();
		}
		process.destroy();
		try {
			if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
		return process.isAlive() ? -1 : process.exitValue();
	}

	/**
	 * SIGKILL at once, as a crash would (nothing is flushed), and waits until the process is gone.
	 * @param process the process
	 */
	static void kill(Process process) {
		process.destroyForcibly();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The java launcher of the running JVM, so children run on the same JDK. */
	static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** Waits a little between polls of something that is not ready yet. */
	static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting", ex);
		}
	}

}
