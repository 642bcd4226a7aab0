package shop.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Issue 8's benchmark: G1 gateway overhead, G2 gateway knee ÷ direct knee, G4/G5/G8 orders and events, G6 RSS, G10
 * tracing ÷ metrics only, and CPU seconds per request beside every throughput figure. Run it with {@code ./benchmark/run} against {@code ./shop-local/run}.
 */
public final class Benchmark {

	private static final Pattern FIRST_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

	private Benchmark() {
	}

	public static void main(String[] args) throws IOException {
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args).withCommand(commandLine(args));
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(ex.getMessage().startsWith("usage:") ? 0 : 2);
			return;
		}
		if (options.tracing().only()) {
			tracingOnly(options);
			return;
		}
		List<WatchedProcess> processes = new ArrayList<>();
		options.processPorts().forEach((name, port) -> processes.add(WatchedProcess.listeningOn(name, port)));
		processes.stream()
			.filter((process) -> !process.found())
			.forEach((process) -> System.err.printf("benchmark: no process found listening on %d (%s): not watched%n",
					process.port(), process.name()));
		BenchmarkResult result = run(options, processes.stream().filter(WatchedProcess::found).toList());
		String report = Report.markdown(result);
		System.out.print(report);
		write(result, report);
		System.err.println("benchmark: report written to " + options.output().toAbsolutePath());
	}

	/** G10 alone: two product-services of its own on the shop's PostgreSQL; no running shop needed. */
	private static void tracingOnly(BenchmarkOptions options) throws IOException {
		Machine machine = Machine.now();
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(options.timeout())
			.build();
		TracingBench.Result tracing = TracingBench.run(options.tracing(), options.orders(), http, options.timeout(),
				options.slice());
		String report = Report.tracingOnly(machine.withLoadAverageNow(), options, ProcFs.clockTicksPerSecond(),
				tracing);
		System.out.print(report);
		if (options.output().getParent() != null) {
			Files.createDirectories(options.output().getParent());
		}
		Files.writeString(options.output(), report);
		System.err.println("benchmark: report written to " + options.output().toAbsolutePath());
	}

	/** Runs the whole benchmark against a running shop; the processes are the ones whose CPU and RSS are read. */
	public static BenchmarkResult run(BenchmarkOptions options, List<WatchedProcess> processes) {
		if (options.tracing().enabled()) {
			// G10 comes last and starts product-service from its jar: a missing jar should fail now, not in 10 minutes.
			TracingBench.execJar(options.orders().repository(), "product-service");
		}
		Machine machine = Machine.now();
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(options.timeout())
			.build();
		String productId = (options.productId() != null) ? options.productId() : firstProduct(http, options);
		String path = "/api/products/" + productId;
		Target gateway = Target.get(BenchmarkResult.GATEWAY, options.gateway().resolve(path));
		Target direct = Target.get(BenchmarkResult.DIRECT, options.direct().resolve(path));
		List<Target> targets = List.of(gateway, direct);
		List<WatchedProcess> shopAndGenerator = new ArrayList<>(processes);
		shopAndGenerator.add(WatchedProcess.loadGenerator());
		Interleaved interleaved = new Interleaved(new OpenLoop(http, options.timeout()), shopAndGenerator,
				options.slice());

		double warmUpRate = (options.g1Rate() > 0) ? options.g1Rate() : options.kneeStart();
		progress("warm-up: %s req/s, %d s per target", Report.number(warmUpRate), options.warmUp().toSeconds());
		interleaved.warmUp(targets, warmUpRate, options.warmUp());

		KneeRun knees = searchKnees(interleaved, targets,
				KneeSearch.rates(options.kneeStart(), options.kneeFactor(), options.kneeSteps()),
				options.kneeStepDuration(), "req/s");
		List<BenchmarkResult.KneeStep> steps = knees.steps();
		KneeSearch.Knee gatewayKnee = knees.knees().get(BenchmarkResult.GATEWAY);
		KneeSearch.Knee directKnee = knees.knees().get(BenchmarkResult.DIRECT);

		double g1Rate = g1Rate(options, directKnee);
		progress("G1: %s req/s, %d s per target", Report.number(g1Rate), options.duration().toSeconds());
		Map<String, Measurement> g1 = interleaved.run(targets, g1Rate, options.duration());

		OrderBench.Result orders = null;
		if (options.orders().enabled()) {
			orders = OrderBench.run(options.orders(), options.gateway(), http, options.timeout(), interleaved,
					processes);
		}
		TracingBench.Result tracing = null;
		if (options.tracing().enabled()) {
			tracing = TracingBench.run(options.tracing(), options.orders(), http, options.timeout(), options.slice());
		}
		long gatewayPid = processes.stream()
			.filter((process) -> process.port() == options.gateway().getPort())
			.mapToLong(WatchedProcess::pid)
			.findFirst()
			.orElse(0);
		ShopFacts shopFacts = ShopFacts.read(options.orders().repository(), gatewayPid);

		Map<String, OptionalLong> rss = new LinkedHashMap<>();
		List<BenchmarkResult.ProcessFacts> facts = new ArrayList<>();
		for (WatchedProcess process : processes) {
			rss.put(process.name(), ProcFs.readRssKib(process.pid()));
			List<String> commandLine = ProcFs.readCommandLine(process.pid());
			facts.add(new BenchmarkResult.ProcessFacts(process, commandLine.isEmpty() ? "?" : commandLine.get(0),
					ProcFs.garbageCollector(commandLine), ProcFs.classData(commandLine)));
		}
		return new BenchmarkResult(machine.withLoadAverageNow(), options, productId, facts,
				ProcFs.clockTicksPerSecond(), g1Rate, g1, steps, gatewayKnee, directKnee, rss, shopFacts, orders,
				tracing);
	}

	/**
	 * Steps the rate up for all targets at once, interleaved; a target leaves the search at its first failing step. A
	 * failing step is measured once more before its target leaves: one stall of a shared machine should not end it.
	 * The second measurement decides; the first stays in its own row of the report. Then the targets are measured again,
	 * still interleaved, each at a rate between its own last passing and first failing one, until those are close
	 * ({@link KneeSearch#between}). Then each JVM is collected in full ({@link Interleaved#collectGarbage()}): the
	 * overload's garbage is not the next measurement's.
	 */
	static KneeRun searchKnees(Interleaved interleaved, List<Target> targets, List<Double> rates, Duration stepLength,
			String unit) {
		KneeRun run = searchKnees(interleaved::run, targets, rates, stepLength, unit);
		if (!run.steps().isEmpty()) {
			progress("knee search done: a full collection of each JVM before the next measurement");
			interleaved.collectGarbage();
		}
		return run;
	}

	/** The search itself, on any load (tests give it one whose knees they know). */
	static KneeRun searchKnees(Load load, List<Target> targets, List<Double> rates, Duration stepLength,
			String unit) {
		List<BenchmarkResult.KneeStep> steps = new ArrayList<>();
		Map<String, List<KneeSearch.Step>> outcomes = new LinkedHashMap<>();
		targets.forEach((target) -> outcomes.put(target.name(), new ArrayList<>()));
		List<Target> searching = new ArrayList<>(targets);
		for (double rate : rates) {
			if (searching.isEmpty()) {
				break;
			}
			Map<Target, Double> allAtOnce = new LinkedHashMap<>();
			searching.forEach((target) -> allAtOnce.put(target, rate));
			Map<String, Boolean> passed = measureTwiceIfFailed(load, allAtOnce, stepLength, unit, steps);
			passed.forEach((name, pass) -> outcomes.get(name).add(new KneeSearch.Step(rate, pass)));
			searching.removeIf((target) -> !passed.get(target.name()));
		}
		for (Map<Target, Double> next = narrower(targets, outcomes); !next.isEmpty();
				next = narrower(targets, outcomes)) {
			Map<String, Boolean> passed = measureTwiceIfFailed(load, next, stepLength, unit, steps);
			next.forEach((target, rate) -> outcomes.get(target.name())
				.add(new KneeSearch.Step(rate, passed.get(target.name()))));
		}
		Map<String, KneeSearch.Knee> knees = new LinkedHashMap<>();
		outcomes.forEach((name, stepsOfTarget) -> knees.put(name, KneeSearch.knee(stepsOfTarget)));
		return new KneeRun(steps, knees);
	}

	/** Loads the targets, each at its rate, interleaved ({@link Interleaved#run(Map, Duration)}). */
	interface Load {

		Map<String, Measurement> run(Map<Target, Double> rates, Duration perTarget);

	}

	/** Each target whose knee is not yet narrow enough, with the rate to try next. */
	private static Map<Target, Double> narrower(List<Target> targets, Map<String, List<KneeSearch.Step>> outcomes) {
		Map<Target, Double> next = new LinkedHashMap<>();
		targets.forEach((target) -> KneeSearch.between(outcomes.get(target.name()))
			.ifPresent((rate) -> next.put(target, rate)));
		return next;
	}

	/**
	 * Measures the targets, each at its rate (rows of the report), and those that failed once more (more rows); returns
	 * whether each passed by the measurement that decides: the second where there is one.
	 */
	private static Map<String, Boolean> measureTwiceIfFailed(Load load, Map<Target, Double> rates,
			Duration step, String unit, List<BenchmarkResult.KneeStep> steps) {
		progress("knee search: %s", describe(rates, unit));
		Map<String, Measurement> measured = load.run(rates, step);
		addRows(steps, rates, measured, false);
		Map<Target, Double> failed = new LinkedHashMap<>();
		rates.forEach((target, rate) -> {
			if (!KneeSearch.passes(measured.get(target.name()))) {
				failed.put(target, rate);
			}
		});
		Map<String, Measurement> decided = new LinkedHashMap<>(measured);
		if (!failed.isEmpty()) {
			progress("knee search: again %s", describe(failed, unit));
			Map<String, Measurement> again = load.run(failed, step);
			addRows(steps, failed, again, true);
			decided.putAll(again);
		}
		Map<String, Boolean> passed = new LinkedHashMap<>();
		decided.forEach((name, measurement) -> passed.put(name, KneeSearch.passes(measurement)));
		return passed;
	}

	/** One report row group per rate, its targets' measurements in it. */
	private static void addRows(List<BenchmarkResult.KneeStep> steps, Map<Target, Double> rates,
			Map<String, Measurement> measured, boolean again) {
		byRate(rates).forEach((rate, targets) -> {
			Map<String, Measurement> measurements = new LinkedHashMap<>();
			targets.forEach((target) -> measurements.put(target.name(), measured.get(target.name())));
			steps.add(new BenchmarkResult.KneeStep(rate, again, measurements));
		});
	}

	/** "380 req/s on [gateway, direct]", or "698 req/s on [gateway], 1569 req/s on [direct]". */
	private static String describe(Map<Target, Double> rates, String unit) {
		return byRate(rates).entrySet()
			.stream()
			.map((entry) -> Report.number(entry.getKey()) + " " + unit + " on "
					+ entry.getValue().stream().map(Target::name).toList())
			.collect(Collectors.joining(", "));
	}

	/** The targets grouped by their rate, in the order of the first target at each rate. */
	private static Map<Double, List<Target>> byRate(Map<Target, Double> rates) {
		Map<Double, List<Target>> byRate = new LinkedHashMap<>();
		rates.forEach((target, rate) -> byRate.computeIfAbsent(rate, (key) -> new ArrayList<>()).add(target));
		return byRate;
	}

	/** The steps a knee search measured, and the knee of each target. */
	record KneeRun(List<BenchmarkResult.KneeStep> steps, Map<String, KneeSearch.Knee> knees) {
	}

	/** The G1 rate: as asked, else half the direct knee (issue 8), else half the first knee step. */
	static double g1Rate(BenchmarkOptions options, KneeSearch.Knee directKnee) {
		if (options.g1Rate() > 0) {
			return options.g1Rate();
		}
		if (options.kneeSteps() == 0) {
			return 100;
		}
		return Math.max(1, Math.round(((directKnee.rate() > 0) ? directKnee.rate() : options.kneeStart()) / 2));
	}

	private static String firstProduct(HttpClient http, BenchmarkOptions options) {
		URI uri = options.gateway().resolve("/api/products?size=1");
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(options.timeout()).build(),
					HttpResponse.BodyHandlers.ofString());
			Matcher matcher = FIRST_ID.matcher(response.body());
			if (response.statusCode() != 200 || !matcher.find()) {
				throw new IllegalStateException("no product to read: GET " + uri + " answered "
						+ response.statusCode() + "; pass --product ID");
			}
			return matcher.group(1);
		}
		catch (IOException ex) {
			throw new IllegalStateException("the shop does not answer at " + uri
					+ " (start it with ./shop-local/run in another terminal): " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static void write(BenchmarkResult result, String report) throws IOException {
		if (result.options().output().getParent() != null) {
			Files.createDirectories(result.options().output().getParent());
		}
		Files.writeString(result.options().output(), report);
	}

	private static String commandLine(String[] args) {
		return String.join(" ", List.of(args)).isEmpty() ? "./benchmark/run"
				: "./benchmark/run " + String.join(" ", args);
	}

	static void progress(String format, Object... args) {
		System.err.printf("benchmark: " + format + "%n", args);
	}

}
