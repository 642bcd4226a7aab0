package shop.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How G10 (tracing at 10 % sampling ÷ metrics only) runs: two product-service processes of its own, started from the
 * built jar on a scratch catalog database, one with tracing as shipped and exported over OTLP/HTTP to the
 * benchmark's receiver, one with tracing switched off; both loaded with the same GET, interleaved.
 *
 * @param enabled false skips G10 ({@code --tracing off}; the smoke size skips it, as two service starts do not fit in
 * its two minutes)
 * @param only G10 alone ({@code --tracing only}): it needs no running shop, only its PostgreSQL
 * @param sampling the traced process's sampling probability (the shipped 0.1)
 * @param rate the rate of the side-by-side comparison in req/s; 0 means half the lower of the two knees (or 100
 * when the knee search is skipped)
 * @param kneeStart first rate of the knee search
 * @param kneeFactor rate multiplier per step
 * @param kneeSteps most steps; 0 skips the search
 * @param kneeStep measured time per process per step
 * @param warmUp warm-up per process before anything is measured
 * @param duration measured time per process at {@code rate}
 * @param jvmOptions the services' JVM options (the launcher's, or {@code SHOP_JVM_OPTIONS})
 * @param startTimeout how long a service may take to become ready (a loaded 2-core machine needs minutes)
 */
public record TracingOptions(boolean enabled, boolean only, double sampling, double rate, double kneeStart,
		double kneeFactor, int kneeSteps, Duration kneeStep, Duration warmUp, Duration duration,
		List<String> jvmOptions, Duration startTimeout) {

	/**
	 * The launcher's JVM options of every application (./shop-local/run's default of SHOP_JVM_OPTIONS): the file the
	 * launcher reads, relative to the repository root.
	 */
	static final Path LAUNCHER_JVM_OPTIONS = Path.of("shop-local/src/main/resources/shop/local/app-jvm.options");

	public TracingOptions {
		jvmOptions = List.copyOf(jvmOptions);
	}

	public static TracingOptions defaults() {
		return new TracingOptions(true, false, 0.1, 0, 100, 1.5, 8, Duration.ofSeconds(6), Duration.ofSeconds(20),
				Duration.ofSeconds(30), jvmOptions(System.getenv("SHOP_JVM_OPTIONS"), launcherOptionsFile()),
				Duration.ofMinutes(5));
	}

	/** A check that G10 works rather than a measurement: no knee search, 20 req/s for 4 s per service. */
	public TracingOptions quick() {
		return new TracingOptions(true, false, this.sampling, 20, this.kneeStart, this.kneeFactor, 0, this.kneeStep,
				Duration.ofSeconds(3), Duration.ofSeconds(4), this.jvmOptions, this.startTimeout);
	}

	/** CI size: off. */
	public TracingOptions smoke() {
		return withEnabled(false);
	}

	public TracingOptions withEnabled(boolean enabled) {
		return new TracingOptions(enabled, this.only && enabled, this.sampling, this.rate, this.kneeStart,
				this.kneeFactor, this.kneeSteps, this.kneeStep, this.warmUp, this.duration, this.jvmOptions,
				this.startTimeout);
	}

	/**
	 * The launcher's options file in the working directory (./benchmark/run runs at the repository root) or the nearest
	 * directory above it that has one (a module's tests run in the module).
	 */
	static Path launcherOptionsFile() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve(LAUNCHER_JVM_OPTIONS))) {
				return dir.resolve(LAUNCHER_JVM_OPTIONS);
			}
		}
		return LAUNCHER_JVM_OPTIONS;
	}

	/**
	 * The JVM options from {@code SHOP_JVM_OPTIONS} when set, else the launcher's: the options file without its
	 * comment lines (#), split on whitespace.
	 */
	static List<String> jvmOptions(String environment, Path launcherOptions) {
		if (environment != null && !environment.isBlank()) {
			return List.of(environment.strip().split("\\s+"));
		}
		try {
			return Files.readAllLines(launcherOptions)
				.stream()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.flatMap((line) -> Arrays.stream(line.split("\\s+")))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the launcher's JVM options from " + launcherOptions
					+ " (run the benchmark from the repository root, or set SHOP_JVM_OPTIONS)", ex);
		}
	}

	/** This with one command-line flag applied, or null when the flag is not a G10 flag. */
	TracingOptions with(String flag, String value) {
		boolean enabled = this.enabled;
		boolean only = this.only;
		double sampling = this.sampling;
		double rate = this.rate;
		double kneeStart = this.kneeStart;
		double kneeFactor = this.kneeFactor;
		int kneeSteps = this.kneeSteps;
		Duration kneeStep = this.kneeStep;
		Duration warmUp = this.warmUp;
		Duration duration = this.duration;
		switch (flag) {
			case "--tracing" -> {
				enabled = !value.equals("off");
				only = value.equals("only");
				if (!List.of("on", "off", "only").contains(value)) {
					throw new IllegalArgumentException(flag + " wants on, off or only, got '" + value + "'");
				}
			}
			case "--tracing-sampling" -> sampling = Double.parseDouble(value);
			case "--tracing-rate" -> rate = Double.parseDouble(value);
			case "--tracing-knee-start" -> kneeStart = Double.parseDouble(value);
			case "--tracing-knee-factor" -> kneeFactor = Double.parseDouble(value);
			case "--tracing-knee-steps" -> kneeSteps = Integer.parseInt(value);
			case "--tracing-knee-step" -> kneeStep = BenchmarkOptions.seconds(value);
			case "--tracing-warmup" -> warmUp = BenchmarkOptions.seconds(value);
			case "--tracing-duration" -> duration = BenchmarkOptions.seconds(value);
			default -> {
				return null;
			}
		}
		return new TracingOptions(enabled, only, sampling, rate, kneeStart, kneeFactor, kneeSteps, kneeStep, warmUp,
				duration, this.jvmOptions, this.startTimeout);
	}

	static String usage() {
		return """
				  --tracing on|off|only G10: two product-services of its own (tracing as shipped vs off) on a scratch
				                       database, interleaved (on; smoke: off); only: G10 alone, no shop needed but
				                       its PostgreSQL (--postgres) and the built product-service jar
				  --tracing-sampling P the traced service's sampling probability (0.1, as shipped)
				  --tracing-rate N     side-by-side rate in req/s (default: half the lower knee)
				  --tracing-knee-start N first rate (100), --tracing-knee-factor F (1.5), --tracing-knee-steps N (8; 0
				                       skips), --tracing-knee-step S (6)
				  --tracing-warmup S   warm-up per service (20), --tracing-duration S measured per service (30)
				  SHOP_JVM_OPTIONS     the services' JVM options (the launcher's default)
				""";
	}

}
