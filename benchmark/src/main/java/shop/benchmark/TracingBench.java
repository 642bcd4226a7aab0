package shop.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * G10: what tracing at the shipped sampling costs. Tracing is a start-up setting, so the benchmark starts two
 * product-service processes of its own from the built jar, alone (own port, no Consul, Kafka at a closed port, as
 * {@code ./benchmark/cold-start} does) on a scratch catalog database with one product: one traced as shipped and
 * exporting over OTLP/HTTP to the benchmark's {@link SpanReceiver}, one with tracing off (metrics only). Both get the
 * same {@code GET /api/products/{id}} in alternating slices: a knee search, then a side-by-side run at one rate, with
 * each process's CPU per request from /proc.
 */
public final class TracingBench {

	public static final String METRICS_ONLY = "metrics only";

	public static final String TRACED = "tracing";

	static final String DATABASE = "shop_benchmark_tracing";

	private TracingBench() {
	}

	/**
	 * Starts the two services on a scratch database of the shop's PostgreSQL ({@code shop.postgres()}) from the jar
	 * under {@code shop.repository()}, measures, and stops them and drops the database whatever happens.
	 */
	public static Result run(TracingOptions options, OrderOptions shop, HttpClient http, Duration timeout,
			Duration slice) {
		Database database = Database.of(shop.postgres(), DATABASE);
		Path jar = execJar(shop.repository(), "product-service");
		Path logs = Path.of("benchmark/target/tracing");
		String libpq = shop.postgres();
		PgBench.exec(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1", "-c", "DROP DATABASE IF EXISTS " + DATABASE, "-c",
				"CREATE DATABASE " + DATABASE, libpq + "/postgres"));
		try (SpanReceiver receiver = SpanReceiver.start()) {
			Benchmark.progress("G10: starting product-service with tracing off (metrics only)");
			try (ServiceUnderTest metricsOnly = ServiceUnderTest.start("product-service (metrics only)", jar,
					options.jvmOptions(), freePort(),
					metricsOnlyEnvironment(database, receiver.endpoint("metrics-only")),
					logs.resolve("metrics-only.log"), options.startTimeout())) {
				String productId = UUID.randomUUID().toString();
				// The first service ran the Flyway migrations; both read this one product.
				PgBench.exec(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1", "-c",
						"INSERT INTO products (id, sku, name, description, price, currency, stock, version, created_at,"
								+ " updated_at) VALUES ('" + productId + "', 'BENCH-G10', 'G10 product', 'read by the "
								+ "tracing benchmark', 9.99, 'EUR', 100, 0, now(), now())",
						libpq + "/" + DATABASE));
				Benchmark.progress("G10: starting product-service with tracing at %s sampling, exporting to %s",
						Report.number(options.sampling()), receiver.endpoint("tracing"));
				try (ServiceUnderTest traced = ServiceUnderTest.start("product-service (tracing)", jar,
						options.jvmOptions(), freePort(),
						tracedEnvironment(database, receiver.endpoint("tracing"), options.sampling()),
						logs.resolve("tracing.log"), options.startTimeout())) {
					return measure(options, http, timeout, slice, receiver, metricsOnly, traced, productId);
				}
			}
		}
		finally {
			PgBench.exec(List.of("psql", "-q", "-c", "DROP DATABASE IF EXISTS " + DATABASE, libpq + "/postgres"));
		}
	}

	private static Result measure(TracingOptions options, HttpClient http, Duration timeout, Duration slice,
			SpanReceiver receiver, ServiceUnderTest metricsOnly, ServiceUnderTest traced, String productId) {
		String path = "/api/products/" + productId;
		List<Target> targets = List.of(Target.get(METRICS_ONLY, metricsOnly.baseUri().resolve(path)),
				Target.get(TRACED, traced.baseUri().resolve(path)));
		List<WatchedProcess> processes = List.of(metricsOnly.watched(), traced.watched());
		Interleaved interleaved = new Interleaved(new OpenLoop(http, timeout), processes, slice);
		double warmUpRate = (options.rate() > 0) ? options.rate() : options.kneeStart();
		Benchmark.progress("G10 warm-up: %s req/s, %d s per service", Report.number(warmUpRate),
				options.warmUp().toSeconds());
		interleaved.warmUp(targets, warmUpRate, options.warmUp());
		Exported before = receiver.received("tracing");
		Benchmark.KneeRun knees = Benchmark.searchKnees(interleaved, targets,
				KneeSearch.rates(options.kneeStart(), options.kneeFactor(), options.kneeSteps()), options.kneeStep(),
				"req/s (G10)");
		double rate = rate(options, knees.knees().get(METRICS_ONLY), knees.knees().get(TRACED));
		Benchmark.progress("G10 side by side: %s req/s, %d s per service", Report.number(rate),
				options.duration().toSeconds());
		Map<String, Measurement> sideBySide = interleaved.run(targets, rate, options.duration());
		long sent = sideBySide.get(TRACED).sent()
				+ knees.steps().stream().mapToLong((step) -> sentTo(step, TRACED)).sum();
		awaitLastExport();
		return new Result(options.sampling(), processes, knees.steps(), knees.knees().get(METRICS_ONLY),
				knees.knees().get(TRACED), rate, sideBySide, receiver.received("tracing").minus(before), sent,
				receiver.received("metrics-only"));
	}

	private static long sentTo(BenchmarkResult.KneeStep step, String target) {
		Measurement measurement = step.measurements().get(target);
		return (measurement != null) ? measurement.sent() : 0;
	}

	/** The exporter sends a batch every 5 s or so: wait for the last measured requests' spans before counting. */
	private static void awaitLastExport() {
		try {
			Thread.sleep(6000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The side-by-side rate: as asked, else half the lower knee, else half the first step (or 100 with no search). */
	static double rate(TracingOptions options, KneeSearch.Knee metricsOnly, KneeSearch.Knee traced) {
		if (options.rate() > 0) {
			return options.rate();
		}
		if (options.kneeSteps() == 0) {
			return 100;
		}
		double lower = Math.min(metricsOnly.rate(), traced.rate());
		return Math.max(1, Math.round(((lower > 0) ? lower : options.kneeStart()) / 2));
	}

	/** Tracing as shipped (W3C propagation, Micrometer Tracing over OpenTelemetry), exporting every sampled span. */
	static Map<String, String> tracedEnvironment(Database database, URI endpoint, double sampling) {
		Map<String, String> environment = commonEnvironment(database);
		environment.put("SHOP_TRACING_SAMPLING", Double.toString(sampling));
		environment.put("SHOP_TRACING_EXPORT", "true");
		environment.put("SHOP_TRACING_ENDPOINT", endpoint.toString());
		return environment;
	}

	/**
	 * Tracing off, as an operator switches it off in the shipped jar: nothing sampled, no export and no propagation
	 * ({@code management.tracing.export.enabled=false}; Boot 4 no longer reads {@code management.tracing.enabled}).
	 * The endpoint still points at the receiver, so a span that leaked out would be counted.
	 */
	static Map<String, String> metricsOnlyEnvironment(Database database, URI endpoint) {
		Map<String, String> environment = commonEnvironment(database);
		environment.put("SHOP_TRACING_SAMPLING", "0");
		environment.put("SHOP_TRACING_EXPORT", "false");
		environment.put("MANAGEMENT_TRACING_EXPORT_ENABLED", "false");
		environment.put("SHOP_TRACING_ENDPOINT", endpoint.toString());
		return environment;
	}

	private static Map<String, String> commonEnvironment(Database database) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("SHOP_CONSUL_ENABLED", "false");
		// A closed port: the extra services must neither consume the shop's events nor send any.
		environment.put("SHOP_KAFKA_BOOTSTRAP", "127.0.0.1:1");
		// Without this KafkaAdmin waits out its 30 s operation timeout at start-up against that port (cold-start too).
		environment.put("SPRING_KAFKA_ADMIN_AUTO_CREATE", "false");
		environment.put("SHOP_JWKS_URI", "http://127.0.0.1:1/.well-known/jwks.json");
		environment.put("SHOP_DB_URL", database.jdbcUrl());
		environment.put("SHOP_DB_USER", database.user());
		environment.put("SHOP_DB_PASSWORD", database.password());
		return environment;
	}

	static Path execJar(Path repository, String module) {
		Path target = repository.resolve(module).resolve("target");
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			List<Path> jars = files.filter((file) -> file.getFileName().toString().startsWith(module + "-")
					&& file.getFileName().toString().endsWith("-exec.jar"))
				.toList();
			if (jars.size() != 1) {
				throw new IllegalStateException("G10 needs one " + module + "-*-exec.jar in " + target + ", found "
						+ jars + ": build it (./mvnw -pl " + module + " -am package -DskipTests)"
						+ " or pass --tracing off");
			}
			return jars.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A database on the shop's PostgreSQL as a service reads it: JDBC URL, user, password. */
	record Database(String jdbcUrl, String user, String password) {

		/** From the libpq URI the benchmark takes ({@code postgresql://user[:password]@host[:port]}). */
		static Database of(String libpq, String database) {
			URI uri = URI.create(libpq);
			if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
				throw new IllegalArgumentException("--postgres wants postgresql://user[:password]@host[:port], got "
						+ libpq);
			}
			String userInfo = (uri.getRawUserInfo() != null) ? uri.getRawUserInfo() : "postgres";
			int colon = userInfo.indexOf(':');
			String user = decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo);
			String password = (colon >= 0) ? decode(userInfo.substring(colon + 1)) : "";
			String port = (uri.getPort() > 0) ? ":" + uri.getPort() : "";
			return new Database("jdbc:postgresql://" + uri.getHost() + port + "/" + database, user, password);
		}

		private static String decode(String value) {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}

	}

	/**
	 * What G10 measured.
	 *
	 * @param sampling the traced service's sampling probability
	 * @param processes the two services, metrics only first
	 * @param kneeSteps the knee search (both services at each rate, interleaved)
	 * @param metricsOnlyKnee the knee with tracing off
	 * @param tracedKnee the knee with tracing on
	 * @param rate the side-by-side rate
	 * @param sideBySide both services at that rate, interleaved
	 * @param exported what the traced service exported during the knee search and the side-by-side run
	 * @param tracedRequests the requests it was sent meanwhile
	 * @param leaked what the metrics-only service exported (none expected)
	 */
	public record Result(double sampling, List<WatchedProcess> processes, List<BenchmarkResult.KneeStep> kneeSteps,
			KneeSearch.Knee metricsOnlyKnee, KneeSearch.Knee tracedKnee, double rate,
			Map<String, Measurement> sideBySide, Exported exported, long tracedRequests,
			Exported leaked) {

		public Result {
			processes = List.copyOf(processes);
			kneeSteps = new ArrayList<>(kneeSteps);
			sideBySide = new LinkedHashMap<>(sideBySide);
		}

		/** CPU seconds per request of the service that was loaded, for the target that loaded it. */
		double cpuSecondsPerRequest(Measurement measurement, String target, long ticks) {
			WatchedProcess process = this.processes.get(METRICS_ONLY.equals(target) ? 0 : 1);
			return measurement.cpuSecondsPerRequest(ticks).getOrDefault(process.name(), Double.NaN);
		}

	}

	/**
	 * Exports (POSTs), traces, spans and bytes (uncompressed protobuf) received from one sender. Traces are root spans:
	 * the benchmark's requests carry no trace context, so every sampled request starts one trace in the service.
	 */
	public record Exported(long exports, long traces, long spans, long bytes) {

		static final Exported NONE = new Exported(0, 0, 0, 0);

		Exported plus(Exported other) {
			return new Exported(this.exports + other.exports, this.traces + other.traces, this.spans + other.spans,
					this.bytes + other.bytes);
		}

		Exported minus(Exported earlier) {
			return new Exported(this.exports - earlier.exports, this.traces - earlier.traces,
					this.spans - earlier.spans, this.bytes - earlier.bytes);
		}

	}
}
