package shop.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * G4's yardstick: pgbench running the SQL of one order placement ({@code order-placement.pgbench.sql}) against a
 * scratch database on the shop's own PostgreSQL, made from user-service's Flyway migrations (same tables, same
 * indexes), and dropped afterwards. The CPU it costs is PostgreSQL's, read from /proc.
 */
public final class PgBench implements AutoCloseable {

	static final String DATABASE = "shop_benchmark_pgbench";

	private static final Pattern TPS = Pattern.compile("(?m)^tps = ([0-9.]+)");

	private static final Pattern PROCESSED = Pattern.compile("(?m)^number of transactions actually processed: (\\d+)");

	private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");

	private final String server;

	private final Path script;

	private PgBench(String server, Path script) {
		this.server = server;
		this.script = script;
	}

	/** Creates the scratch database with the migrations applied. */
	static PgBench prepare(String server, Path migrations) {
		try {
			Path script = Files.createTempFile("order-placement", ".pgbench.sql");
			try (InputStream in = PgBench.class.getResourceAsStream("order-placement.pgbench.sql")) {
				Files.write(script, in.readAllBytes());
			}
			PgBench pgbench = new PgBench(server, script);
			pgbench.psql("postgres", "-c", "DROP DATABASE IF EXISTS " + DATABASE, "-c", "CREATE DATABASE " + DATABASE);
			for (Path migration : migrations(migrations)) {
				pgbench.psql(DATABASE, "-f", migration.toString());
			}
			return pgbench;
		}
		catch (IOException ex) {
			throw new IllegalStateException("pgbench preparation failed: " + ex, ex);
		}
	}

	/** The Flyway migrations (V1__..., V2__...) in version order. */
	static List<Path> migrations(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
				.sorted((a, b) -> Integer.compare(version(a), version(b)))
				.toList();
		}
	}

	private static int version(Path migration) {
		String name = migration.getFileName().toString();
		return Integer.parseInt(name.substring(1, name.indexOf("__")));
	}

	/** One pgbench run of the placement script. */
	Run run(int clients, Duration duration) {
		long cpuBefore = ProcFs.postgresCpuTicks();
		String output = exec(List.of("pgbench", "-n", "-c", Integer.toString(clients), "-j", "2", "-T",
				Long.toString(Math.max(1, duration.toSeconds())), "-f", this.script.toString(),
				this.server + "/" + DATABASE));
		// -1 where PostgreSQL's processes are not visible: the report then leaves its CPU per transaction out.
		return parse(output, ProcFs.ticksBetween(cpuBefore, ProcFs.postgresCpuTicks()));
	}

	static Run parse(String output, long postgresCpuTicks) {
		Matcher tps = TPS.matcher(output);
		Matcher processed = PROCESSED.matcher(output);
		Matcher failed = FAILED.matcher(output);
		if (!tps.find() || !processed.find()) {
			throw new IllegalStateException("pgbench printed no tps:\n" + output);
		}
		return new Run(Double.parseDouble(tps.group(1)), Long.parseLong(processed.group(1)),
				failed.find() ? Long.parseLong(failed.group(1)) : 0, postgresCpuTicks);
	}

	@Override
	public void close() {
		psql("postgres", "-c", "DROP DATABASE IF EXISTS " + DATABASE);
		try {
			Files.deleteIfExists(this.script);
		}
		catch (IOException ex) {
			// A temporary file: nothing to do.
		}
	}

	private void psql(String database, String... args) {
		List<String> command = new ArrayList<>(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1"));
		command.addAll(List.of(args));
		command.add(this.server + "/" + database);
		exec(command);
	}

	static String exec(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException(command.get(0) + " could not run (is the PostgreSQL client installed?): "
					+ ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * What one run did.
	 *
	 * @param tps transactions per second as pgbench counts them (without connection time)
	 * @param transactions placement transactions processed
	 * @param failed failed ones
	 * @param postgresCpuTicks CPU every PostgreSQL process used meanwhile
	 */
	public record Run(double tps, long transactions, long failed, long postgresCpuTicks) {

		OptionalDouble cpuSecondsPerTransaction(long ticksPerSecond) {
			return (this.transactions > 0 && this.postgresCpuTicks >= 0)
					? OptionalDouble.of((double) this.postgresCpuTicks / ticksPerSecond / this.transactions)
					: OptionalDouble.empty();
		}

	}

}
