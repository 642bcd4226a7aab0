package shop.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The one-command local run ({@code ./shop-local/run}, which builds the jars first when needed): starts PostgreSQL
 * (the configured server, or an embedded one), Consul (or, without a binary, static discovery after a loud warning),
 * Kafka, the three services with the demo catalog and the admin account, and the gateway; prints progress, then
 * where everything is; Ctrl-C stops it all. State (broker data, embedded database, logs, the local signing key)
 * lives in {@code <repo>/.shop}; {@code --reset} wipes it (and drops the shop's databases) before starting.
 */
public final class ShopLocal {

	/** Set when the start failed: the exit then needs no further words. */
	private static volatile boolean failed;

	private ShopLocal() {
	}

	public static void main(String[] args) throws InterruptedException {
		List<String> arguments = Arrays.asList(args);
		if (arguments.contains("--help") || arguments.contains("-h")) {
			System.out.println(USAGE);
			return;
		}
		List<String> unknown = arguments.stream().filter((a) -> !a.equals("--reset")).toList();
		if (!unknown.isEmpty()) {
			System.err.println("shop-local: unknown argument(s) " + unknown + "\n\n" + USAGE);
			System.exit(2);
		}
		Path root = LocalShop.repositoryRoot();
		Path state = root.resolve(".shop");
		configureLauncherLogging(state.resolve("logs").resolve("launcher.log"));
		PrintStream out = System.out;
		try {
			run(root, state, arguments.contains("--reset"), out);
		}
		catch (RuntimeException ex) {
			failed = true;
			System.err.println();
			System.err.println("shop-local: the shop did not start, and everything started so far was stopped.");
			System.err.println(ex.getMessage());
			System.exit(1);
		}
	}

	private static void run(Path root, Path state, boolean reset, PrintStream out) throws InterruptedException {
		Progress progress = Progress.printingTo(out);
		String email = env("SHOP_ADMIN_EMAIL", "admin@shop.local");
		String password = env("SHOP_ADMIN_PASSWORD", "local-admin-password");
		LocalPostgres postgres = LocalPostgres.fromEnvironment();
		LocalShop.Options options = LocalShop.Options.launcher(root, postgres, email, password)
			.withGateway(port("SHOP_GATEWAY_PORT", 8080))
			.withServicePort(ShopService.USER, port("SHOP_USER_SERVICE_PORT", ShopService.USER.defaultPort()))
			.withServicePort(ShopService.PRODUCT, port("SHOP_PRODUCT_SERVICE_PORT", ShopService.PRODUCT.defaultPort()))
			.withServicePort(ShopService.ORDER, port("SHOP_ORDER_SERVICE_PORT", ShopService.ORDER.defaultPort()))
			.withKafkaPort(port("SHOP_KAFKA_PORT", 9092))
			.withDatabasePrefix(env("SHOP_DATABASE_PREFIX", "shop"))
			.withProductInstances(Integer.parseInt(env("SHOP_PRODUCT_INSTANCES", "1")))
			.withServiceJvmOptions(jvmOptions())
			.withClassDataSharing(!"false".equalsIgnoreCase(env("SHOP_CDS", "true")))
			.withProgress(progress);
		out.println("shop-local: starting the shop from " + root + " (state in " + state + ")");
		if (reset) {
			reset(state, options, out);
		}
		options = options.withDiscovery(discovery(root, out));
		requireFreePorts(options);

		AtomicReference<LocalShop> running = new AtomicReference<>();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			out.println();
			LocalShop shop = running.get();
			if (shop == null) {
				if (failed) {
					return;
				}
				// Each process has its own hook that stops it; this one only says what is going on.
				out.println("shop-local: interrupted while starting: stopping whatever was started");
				return;
			}
			out.println("shop-local: stopping everything it started");
			shop.close();
			out.println("shop-local: stopped");
			stopped.countDown();
		}, "shop-local-stop"));
		LocalShop shop = LocalShop.start(options);
		running.set(shop);
		out.println();
		out.print(shop.summary());
		out.print(banner(shop, email, password, state));
		stopped.await();
	}

	/** Consul from the PATH or .shop/tools, one already running, or static discovery after a loud warning. */
	private static LocalShop.Discovery discovery(Path root, PrintStream out) {
		int port = port("SHOP_CONSUL_PORT", 8500);
		if ("false".equalsIgnoreCase(env("SHOP_CONSUL_ENABLED", "true"))) {
			out.println("shop-local: SHOP_CONSUL_ENABLED=false: running without Consul (static discovery)");
			return LocalShop.Discovery.none();
		}
		if (ConsulAgent.answersAt(port)) {
			return LocalShop.Discovery.runningConsul(port);
		}
		return ConsulAgent.findBinary(root)
			.map((binary) -> LocalShop.Discovery.startConsul(binary, port))
			.orElseGet(() -> {
				String configured = env("SHOP_CONSUL_BINARY", "");
				out.print(CONSUL_MISSING.formatted(configured.isEmpty() ? "not on the PATH, not at .shop/tools/consul"
						: "SHOP_CONSUL_BINARY=" + configured + " is not an executable file"));
				return LocalShop.Discovery.none();
			});
	}

	static final String CONSUL_MISSING = """

			!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
			!! WARNING: Consul not found (%s).
			!! The shop runs WITHOUT service discovery: nothing registers, and the gateway gets a fixed list of
			!! instances (spring.cloud.discovery.client.simple.instances). Health-based routing is off.
			!! To get Consul:
			!!   Debian/Ubuntu:  scripts/fetch-consul.sh      (puts Consul into .shop/tools/consul)
			!!   elsewhere:      install it (https://developer.hashicorp.com/consul/install) and put it on the PATH
			!! then start the shop again.
			!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

			""";

	private static void requireFreePorts(LocalShop.Options options) {
		List<String> taken = new ArrayList<>();
		options.fixedPorts().forEach((name, port) -> {
			if (Processes.isPortInUse(port)) {
				taken.add(port + " (" + name + ")");
			}
		});
		if (!taken.isEmpty()) {
			throw new IllegalStateException("Port(s) already in use: " + String.join(", ", taken) + """
					.
					Is the shop (or another program) already running? See who holds a port with
					  lsof -nP -iTCP:<port> -sTCP:LISTEN      (macOS, Linux)   or   ss -ltnp 'sport = :<port>'   (Linux)
					Stop it, or move the shop: SHOP_GATEWAY_PORT, SHOP_USER_SERVICE_PORT, SHOP_PRODUCT_SERVICE_PORT,
					SHOP_ORDER_SERVICE_PORT, SHOP_KAFKA_PORT, SHOP_CONSUL_PORT.""");
		}
	}

	/** Drops the shop's databases where they are reachable and deletes .shop, except the tools fetched into it. */
	private static void reset(Path state, LocalShop.Options options, PrintStream out) {
		LocalPostgres postgres = options.postgres();
		if (postgres.isReachable()) {
			List<String> databases = LocalShop.databaseNames(options);
			databases.forEach(postgres::dropDatabase);
			out.println("shop-local: --reset dropped the databases " + String.join(", ", databases) + " on "
					+ postgres.adminUrl());
		}
		if (Files.isDirectory(state)) {
			try (Stream<Path> entries = Files.list(state)) {
				for (Path entry : entries.filter((p) -> !p.getFileName().toString().equals("tools")).toList()) {
					deleteRecursively(entry);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		out.println("shop-local: --reset wiped " + state + " (Kafka data, embedded PostgreSQL, logs, local keys; "
				+ "tools kept)");
	}

	private static void deleteRecursively(Path path) throws IOException {
		try (Stream<Path> all = Files.walk(path)) {
			for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

	private static String banner(LocalShop shop, String email, String password, Path state) {
		String gateway = "http://localhost:" + shop.gateway().port();
		String consul = shop.consul()
			.map((agent) -> agent.uiUri().toString())
			.orElse("(none: static discovery, see the warning above)");
		return String.format("""

				==========================================================================================
				 The shop is ready (started in %.1f s).

				   Storefront  %s/           the shop in a browser
				   API docs    %s/swagger-ui.html
				   Gateway     %s           the whole HTTP API on one port
				   Consul UI   %s
				   Admin       %s / %s   (local development only)
				   Logs        %s

				 Try:
				   curl -s '%s/api/products?size=3'

				 Ctrl-C stops everything.
				==========================================================================================
				""", shop.startupTime().toMillis() / 1000.0, gateway, gateway, gateway, consul, email, password,
				state.resolve("logs"), gateway);
	}

	/** slf4j-simple, present only on the launcher's own classpath, writes library logs to a file. */
	private static void configureLauncherLogging(Path file) {
		try {
			Files.createDirectories(file.getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
		System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
	}

	private static int port(String name, int fallback) {
		String value = env(name, Integer.toString(fallback));
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException(name + " must be a port number, not '" + value + "'");
		}
	}

	/** SHOP_JVM_OPTIONS when set, else the shop's own ({@link AppJvmOptions}). */
	private static List<String> jvmOptions() {
		String options = System.getenv("SHOP_JVM_OPTIONS");
		return (options != null && !options.isBlank()) ? List.of(options.strip().split("\\s+"))
				: AppJvmOptions.defaults();
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	static final String USAGE = """
			Usage: ./shop-local/run [--reset]

			Starts the whole shop on this machine: PostgreSQL (the server at SHOP_POSTGRES_URL, else an embedded one),
			Consul (from the PATH or .shop/tools/consul), Kafka, user-, product- and order-service, and the gateway on
			http://localhost:8080. Ctrl-C stops everything. Data is kept between runs in .shop/ and the databases.

			  --reset   drop the shop's databases and wipe .shop/ (except .shop/tools) before starting

			Environment (defaults in brackets):
			  SHOP_GATEWAY_PORT [8080]  SHOP_USER_SERVICE_PORT [8081]  SHOP_PRODUCT_SERVICE_PORT [8082]
			  SHOP_ORDER_SERVICE_PORT [8083]  SHOP_KAFKA_PORT [9092]  SHOP_CONSUL_PORT [8500]
			  SHOP_CONSUL_ENABLED [true]  SHOP_CONSUL_BINARY [consul on the PATH, then .shop/tools/consul]
			  SHOP_POSTGRES_URL [jdbc:postgresql://127.0.0.1:5432/postgres]  SHOP_POSTGRES_USER [postgres]
			  SHOP_POSTGRES_PASSWORD []  SHOP_DATABASE_PREFIX [shop: shop_users, shop_products, shop_orders]
			  SHOP_ADMIN_EMAIL [admin@shop.local]  SHOP_ADMIN_PASSWORD [local-admin-password]
			  SHOP_PRODUCT_INSTANCES [1]  SHOP_JVM_OPTIONS [%s,
			    from shop-local/src/main/resources/shop/local/app-jvm.options, which says why]
			  SHOP_API_GATEWAY_JVM_OPTIONS, SHOP_USER_SERVICE_JVM_OPTIONS, ... [none: added after SHOP_JVM_OPTIONS
			    for that one application; where an option is given twice the JVM takes the later]
			  SHOP_CDS [true: run from extracted jars with a class data sharing archive, made when the shop stops]
			""".formatted(String.join(" ", AppJvmOptions.defaults()));

}
