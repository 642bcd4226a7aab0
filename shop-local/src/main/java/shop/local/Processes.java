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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small process utilities shared by the launchers. */
public final class Processes {

	/** Every port {@link #freePort()} returned in this JVM. */
	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	/** Where {@link #freePort()} chooses from; read once, the kernel's range does not change under a running test. */
	private static final Optional<PortRange> LISTENING_PORTS = listeningPorts(ephemeralPortRange());

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
	 * A TCP port that is free on this machine right now, never one this JVM handed out before, and outside the range
	 * the kernel takes ephemeral ports from. The kernel may give the same port to two binds in a row once the first
	 * socket is closed: Consul's serf and gRPC ports once came out equal, and the agent did not start. And a port from
	 * the ephemeral range can be taken by any outgoing connection before its server binds it: a Kafka broker of the
	 * fault suite once failed to start on "Address already in use". Below that range only a process that binds the
	 * very same port can collide, and the start then fails visibly instead of silently binding elsewhere.
	 * @return a port number
	 */
	public static int freePort() {
		return LISTENING_PORTS.map(Processes::freePortIn).orElseGet(() -> freePort(Processes::anyFreePort));
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

	private static int freePortIn(PortRange range) {
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(range.first(), range.last() + 1);
			if (!HANDED_OUT.contains(port) && !isPortInUse(port) && HANDED_OUT.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port in " + range + " after 1000 tries");
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
	 * Where {@link #freePort()} looks, given the kernel's ephemeral range ({@code ip_local_port_range}, empty where
	 * there is none to read): from 10000 up to it where at least 1000 ports lie below it, else above it to 65535,
	 * else nowhere (the kernel's choice then). Without Linux's file the range is 10000-32767, below the ephemeral
	 * ranges of macOS and Windows (49152 up).
	 * @param ephemeral the file's content, {@code "<first> <last>"}
	 * @return the range to choose from, empty to take the kernel's choice
	 */
	static Optional<PortRange> listeningPorts(Optional<String> ephemeral) {
		if (ephemeral.isEmpty()) {
			return Optional.of(new PortRange(10_000, 32_767));
		}
		String[] bounds = ephemeral.get().trim().split("\\s+");
		try {
			int first = Integer.parseInt(bounds[0]);
			int last = Integer.parseInt(bounds[bounds.length - 1]);
			if (first - 10_000 >= 1000) {
				return Optional.of(new PortRange(10_000, first - 1));
			}
			if (65_535 - last >= 1000) {
				return Optional.of(new PortRange(last + 1, 65_535));
			}
		}
		catch (NumberFormatException ex) {
			// Unreadable: leave the choice to the kernel.
		}
		return Optional.empty();
	}

	private static Optional<String> ephemeralPortRange() {
		try {
			// Not Files.readString: JDK 17 reads a procfs file, whose size shows as 0, only up to its first byte.
			return Optional.of(String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))));
		}
		catch (IOException | UncheckedIOException ex) {
			return Optional.empty();
		}
	}

	/** Ports from {@code first} to {@code last}, both included. */
	record PortRange(int first, int last) {

		@Override
		public String toString() {
			return this.first + "-" + this.last;
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
	 * The port in the first match of {@code failure} (its group 1) in a log, from {@code offset} on: where a process
	 * says which port it could not bind.
	 * @param log the process's log
	 * @param offset the log's size when the process started; a log now shorter rolled over and is read whole
	 * @param failure the process's message, the port in group 1
	 * @return the port, empty when the log does not say (or cannot be read)
	 */
	static OptionalInt portInLog(Path log, long offset, Pattern failure) {
		try {
			byte[] bytes = Files.readAllBytes(log);
			int from = (offset <= bytes.length) ? (int) offset : 0;
			Matcher match = failure.matcher(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
			return match.find() ? OptionalInt.of(Integer.parseInt(match.group(1))) : OptionalInt.empty();
		}
		catch (IOException ex) {
			return OptionalInt.empty();
		}
	}

	/**
	 * After a start that failed: returns when the process should be started again on newly chosen ports (its log named
	 * a port it could not bind, one the launcher chose, and fewer than three attempts were made); throws otherwise.
	 * @param process what failed, for the message ("Consul")
	 * @param failure how the start failed
	 * @param taken the port its log says it could not bind, empty when it says none
	 * @param fixedPort the port the caller fixed, 0 for none: choosing again cannot free that one
	 * @param attempt the attempt that failed, from 1
	 * @throws IllegalStateException {@code failure} when no port was taken, else one that names the port
	 */
	static void retryOnTakenPort(String process, IllegalStateException failure, OptionalInt taken, int fixedPort,
			int attempt) {
		if (taken.isEmpty()) {
			throw failure;
		}
		if (attempt >= 3 || taken.getAsInt() == fixedPort) {
			throw new IllegalStateException(process + " could not listen on 127.0.0.1:" + taken.getAsInt()
					+ ": another process holds that port (attempt " + attempt + ")", failure);
		}
	}

	/** A file's size, 0 when there is none yet. */
	static long size(Path file) {
		try {
			return Files.exists(file) ? Files.size(file) : 0;
		}
		catch (IOException ex) {
			return 0;
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
