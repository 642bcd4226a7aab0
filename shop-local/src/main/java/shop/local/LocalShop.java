package shop.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole shop as local processes: one Kafka broker, one database per service on the machine's PostgreSQL, and each
 * service from its exec jar, started in parallel. Used by the launcher ({@link ShopLocal}) with the fixed local ports
 * and by system tests with free ports, fresh databases and a temporary state directory. Closing it stops the services,
 * then the broker.
 */
public final class LocalShop implements AutoCloseable {

	private final Options options;

	private final KafkaBroker kafka;

	private final Map<ShopService, ServiceProcess> services;

	private LocalShop(Options options, KafkaBroker kafka, Map<ShopService, ServiceProcess> services) {
		this.options = options;
		this.kafka = kafka;
		this.services = services;
	}

	/**
	 * Creates missing databases, starts the broker, then every service, and waits until all are ready. When
	 * anything fails, whatever was started is stopped again before the exception propagates.
	 * @param options what to run where
	 * @return the running shop
	 */
	public static LocalShop start(Options options) {
		for (ShopService service : ShopService.values()) {
			options.postgres().ensureDatabase(options.databases().get(service));
		}
		KafkaBroker kafka = KafkaBroker.start(KafkaBroker.Settings.inDirectory(options.stateDir().resolve("kafka"))
			.withPort(options.kafkaPort()));
		Map<ShopService, Integer> ports = new EnumMap<>(ShopService.class);
		for (ShopService service : ShopService.values()) {
			ports.put(service, options.fixedPorts() ? service.defaultPort() : Processes.freePort());
		}
		Map<ShopService, CompletableFuture<ServiceProcess>> starting = new EnumMap<>(ShopService.class);
		for (ShopService service : ShopService.values()) {
			ServiceProcess.Spec spec = spec(options, service, ports, kafka.bootstrapServers());
			starting.put(service, CompletableFuture.supplyAsync(() -> ServiceProcess.start(spec)));
		}
		Map<ShopService, ServiceProcess> services = new EnumMap<>(ShopService.class);
		List<RuntimeException> failures = new ArrayList<>();
		starting.forEach((service, future) -> {
			try {
				services.put(service, future.join());
			}
			catch (CompletionException ex) {
				failures.add((ex.getCause() instanceof RuntimeException runtime) ? runtime : ex);
			}
		});
		if (!failures.isEmpty()) {
			services.values().forEach(ServiceProcess::stop);
			kafka.stop();
			RuntimeException failure = failures.get(0);
			failures.subList(1, failures.size()).forEach(failure::addSuppressed);
			throw failure;
		}
		return new LocalShop(options, kafka, services);
	}

	public KafkaBroker kafka() {
		return this.kafka;
	}

	public ServiceProcess service(ShopService service) {
		return this.services.get(service);
	}

	/** The database a service uses. */
	public String database(ShopService service) {
		return this.options.databases().get(service);
	}

	public Options options() {
		return this.options;
	}

	/**
	 * One line per process: name, URL, pid, start-up time and RSS.
	 * @return a small table
	 */
	public String summary() {
		StringBuilder table = new StringBuilder(String.format("%-16s %-28s %8s %9s %9s%n", "process", "address", "pid",
				"start", "RSS"));
		table.append(String.format("%-16s %-28s %8d %8.1fs %6d MiB%n", "kafka", this.kafka.bootstrapServers(),
				this.kafka.pid(), seconds(this.kafka.startupTime()), this.kafka.rssKib().orElse(0) / 1024));
		this.services.values()
			.forEach((service) -> table.append(String.format("%-16s %-28s %8d %8.1fs %6d MiB%n", service.name(),
					service.baseUri(), service.pid(), seconds(service.startupTime()),
					service.rssKib().orElse(0) / 1024)));
		return table.toString();
	}

	/** Stops the services (in parallel, gracefully), then the broker. */
	@Override
	public void close() {
		CompletableFuture
			.allOf(this.services.values()
				.stream()
				.map((service) -> CompletableFuture.runAsync(service::stop))
				.toArray(CompletableFuture[]::new))
			.join();
		this.kafka.stop();
	}

	private static ServiceProcess.Spec spec(Options options, ShopService service, Map<ShopService, Integer> ports,
			String bootstrap) {
		Path jar = ServiceProcess.execJar(options.repositoryRoot(), service.module());
		Path logs = options.stateDir().resolve("logs");
		ServiceProcess.Spec spec = ServiceProcess.Spec
			.of(service.module(), jar, ports.get(service), logs.resolve(service.module() + ".log"))
			.withJvmOptions(options.serviceJvmOptions())
			.withWorkingDirectory(options.stateDir())
			.withEnvironment("SHOP_DB_URL", options.postgres().jdbcUrl(options.databases().get(service)))
			.withEnvironment("SHOP_DB_USER", options.postgres().user())
			.withEnvironment("SHOP_DB_PASSWORD", options.postgres().password())
			.withEnvironment("SHOP_KAFKA_BOOTSTRAP", bootstrap)
			.withEnvironment("SHOP_JWKS_URI",
					"http://127.0.0.1:" + ports.get(ShopService.USER) + "/.well-known/jwks.json")
			.withEnvironment("SHOP_CONSUL_ENABLED", "false");
		if (service == ShopService.USER) {
			spec = spec.withEnvironment("SHOP_ADMIN_EMAIL", options.adminEmail())
				.withEnvironment("SHOP_ADMIN_PASSWORD", options.adminPassword());
		}
		return spec;
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	/**
	 * What to run where.
	 *
	 * @param repositoryRoot the reactor root, where the exec jars are
	 * @param stateDir broker data, service logs and the services' working directory
	 * @param postgres the database server
	 * @param databases the database of each service
	 * @param kafkaPort the broker port, 0 for a free one
	 * @param fixedPorts whether services use their default ports (launcher) or free ones (tests)
	 * @param adminEmail the admin account user-service creates at start-up
	 * @param adminPassword its password
	 * @param serviceJvmOptions options of every service JVM
	 */
	public record Options(Path repositoryRoot, Path stateDir, LocalPostgres postgres,
			Map<ShopService, String> databases, int kafkaPort, boolean fixedPorts, String adminEmail,
			String adminPassword, List<String> serviceJvmOptions) {

		public Options {
			databases = Map.copyOf(databases);
			serviceJvmOptions = List.copyOf(serviceJvmOptions);
			for (ShopService service : ShopService.values()) {
				if (!databases.containsKey(service)) {
					throw new IllegalArgumentException("No database for " + service);
				}
			}
		}

		/**
		 * The launcher's defaults: state in {@code <repo>/.shop}, ports 9092 and 8081–8083, databases
		 * {@code shop_users}, {@code shop_products}, {@code shop_orders}, the local-development admin account.
		 */
		public static Options launcher(Path repositoryRoot, LocalPostgres postgres, String adminEmail,
				String adminPassword) {
			Map<ShopService, String> databases = new EnumMap<>(ShopService.class);
			for (ShopService service : ShopService.values()) {
				databases.put(service, service.database());
			}
			return new Options(repositoryRoot, repositoryRoot.resolve(".shop"), postgres, databases, 9092, true,
					adminEmail, adminPassword, List.of());
		}

		/**
		 * For tests: free ports everywhere, the given state directory and databases named
		 * {@code <prefix>_users} and so on (create and drop them around the test).
		 */
		public static Options isolated(Path repositoryRoot, Path stateDir, LocalPostgres postgres, String prefix,
				String adminEmail, String adminPassword, List<String> serviceJvmOptions) {
			Map<ShopService, String> databases = new EnumMap<>(ShopService.class);
			for (ShopService service : ShopService.values()) {
				databases.put(service, prefix + service.database().substring("shop".length()));
			}
			return new Options(repositoryRoot, stateDir, postgres, databases, 0, false, adminEmail, adminPassword,
					serviceJvmOptions);
		}

	}

	/**
	 * The reactor root: {@code SHOP_REPOSITORY_ROOT} when set, else the nearest directory at or above the working
	 * directory whose {@code pom.xml} is {@code shop-parent}.
	 * @return the root
	 */
	public static Path repositoryRoot() {
		String configured = System.getenv("SHOP_REPOSITORY_ROOT");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath();
		}
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path pom = dir.resolve("pom.xml");
			try {
				if (Files.exists(pom) && Files.readString(pom).contains("<artifactId>shop-parent</artifactId>")
						&& Files.exists(dir.resolve("mvnw"))) {
					return dir;
				}
			}
			catch (java.io.IOException ex) {
				// Unreadable: keep looking upwards.
			}
		}
		throw new IllegalStateException("Not inside the shop repository (no shop-parent pom.xml above "
				+ Path.of("").toAbsolutePath() + "); set SHOP_REPOSITORY_ROOT");
	}

}
