package shop.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running as its own JVM from the Maven
 * artifacts of {@code kafka_2.13}. Its storage is formatted on first start; data, configuration and logs live in one
 * directory ({@code data/}, {@code server.properties}, {@code logs/server.log}), so a later start with the same
 * directory keeps the topics.
 * <pre>
 * try (KafkaBroker kafka = KafkaBroker.start(KafkaBroker.Settings.inDirectory(dir))) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * </pre>
 */
public final class KafkaBroker implements AutoCloseable {

	private static final String BROKER_CLASSPATH = "kafka-broker.classpath";

	private static final String RUNTIME_CLASSPATH = "runtime.classpath";

	private static final Pattern BIND_FAILURE = Pattern.compile("failed to bind to [^\\s:]+:(\\d+)");

	private final Settings settings;

	private final Process process;

	private final int port;

	private final Duration startupTime;

	private final Thread shutdownHook;

	private final TcpProxy proxy;

	private KafkaBroker(Settings settings, Process process, int port, Duration startupTime, Thread shutdownHook,
			TcpProxy proxy) {
		this.settings = settings;
		this.process = process;
		this.port = port;
		this.startupTime = startupTime;
		this.shutdownHook = shutdownHook;
		this.proxy = proxy;
	}

	/**
	 * Starts a broker and waits until it answers an admin request. Where the settings fix no port it chooses free ones,
	 * and chooses again when another process bound one first.
	 * @param settings where and how
	 * @return the running broker
	 * @throws IllegalStateException when it does not come up in time (the process is then killed and the end of its
	 * log is in the message)
	 */
	public static KafkaBroker start(Settings settings) {
		return start(settings, settings.proxied() ? TcpProxy.start(0, Processes.freePort()) : null,
				Processes::freePort);
	}

	/**
	 * Starts a broker on the ports {@code freePorts} gives where the settings fix none. A port chosen free can be
	 * taken by another process before the broker binds it; the broker then exits at once, and is started again on
	 * newly chosen ports (three attempts in all). A fixed port that is taken fails the start.
	 */
	static KafkaBroker start(Settings settings, TcpProxy proxy, IntSupplier freePorts) {
		long started = System.nanoTime();
		Path dataDir = settings.dataDir().toAbsolutePath();
		Path logs = dataDir.resolve("logs");
		try {
			Files.createDirectories(logs);
			Files.createDirectories(dataDir.resolve("data"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the broker directory " + dataDir, ex);
		}
		Path log4j = write(dataDir.resolve("log4j2.properties"), log4jProperties(logs));
		String classpath = classpath();
		for (int attempt = 1;; attempt++) {
			int port = (settings.port() > 0) ? settings.port() : freePorts.getAsInt();
			int controllerPort = freePorts.getAsInt();
			Path config = write(dataDir.resolve("server.properties"),
					serverProperties(settings, dataDir, port, controllerPort, proxy));
			if (!Files.exists(dataDir.resolve("data").resolve("meta.properties"))) {
				format(settings, classpath, config, log4j, logs);
			}
			long logBefore = Processes.size(logs.resolve("server.log"));
			Process process = launch(settings, classpath, config, log4j, logs);
			Thread hook = new Thread(() -> Processes.stop(process, Duration.ofSeconds(10)), "kafka-broker-stop");
			Runtime.getRuntime().addShutdownHook(hook);
			try {
				awaitReady(process, "127.0.0.1:" + port, settings.startTimeout(), logs);
				return new KafkaBroker(settings, process, port, Duration.ofNanos(System.nanoTime() - started), hook,
						proxy);
			}
			catch (IllegalStateException ex) {
				Runtime.getRuntime().removeShutdownHook(hook);
				Processes.retryOnTakenPort("The Kafka broker", ex,
						portFailedToBind(logs.resolve("server.log"), logBefore), settings.port(), attempt);
			}
		}
	}

	private static Process launch(Settings settings, String classpath, Path config, Path log4j, Path logs) {
		List<String> command = java(settings, classpath, log4j, logs);
		command.add(KafkaBrokerMain.class.getName());
		command.add(config.toString());
		try {
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("stdout.log").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the Kafka broker JVM", ex);
		}
	}

	/**
	 * The port a listener could not bind, as the broker's log tells it from {@code offset} on ("Socket server failed
	 * to bind to 127.0.0.1:38281: Address already in use").
	 */
	static OptionalInt portFailedToBind(Path serverLog, long offset) {
		return Processes.portInLog(serverLog, offset, BIND_FAILURE);
	}

	/** {@code 127.0.0.1:<port>}: the broker itself, never through the proxy. */
	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/** Where the shop's services connect: the proxy when there is one (see {@link Settings#proxied()}). */
	public String clientBootstrapServers() {
		return (this.proxy != null) ? "127.0.0.1:" + this.proxy.port() : bootstrapServers();
	}

	/**
	 * The proxy in front of the services' listener, to cut the network between them and the broker.
	 * @throws IllegalStateException when the broker was started without one
	 */
	public TcpProxy proxy() {
		if (this.proxy == null) {
			throw new IllegalStateException("The broker was started without a proxy (Settings.withProxy())");
		}
		return this.proxy;
	}

	/** The broker's client port. */
	public int port() {
		return this.port;
	}

	/** The broker JVM's process id. */
	public long pid() {
		return this.process.pid();
	}

	/** From the call to {@link #start(Settings)} until the broker answered (includes formatting on first start). */
	public Duration startupTime() {
		return this.startupTime;
	}

	/** The broker's own log. */
	public Path logFile() {
		return this.settings.dataDir().toAbsolutePath().resolve("logs").resolve("server.log");
	}

	/** Resident memory of the broker JVM in KiB, where /proc tells. */
	public OptionalLong rssKib() {
		return Processes.rssKib(pid());
	}

	/** Whether the broker JVM is running. */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Stops the broker: SIGTERM (a controlled shutdown that flushes the logs), SIGKILL after 30 s.
	 * @return the exit code
	 */
	public int stop() {
		int exit = Processes.stop(this.process, Duration.ofSeconds(30));
		removeShutdownHook();
		return exit;
	}

	/** SIGKILL ({@code kill -9}) at once, as a crash would: nothing is flushed. Waits until the JVM is gone. */
	public void kill() {
		Processes.kill(this.process);
		removeShutdownHook();
	}

	/**
	 * Starts the broker again on the same client port and data directory (stopping it first if it still runs), so
	 * clients reconnect to the address they know and find their topics, offsets and groups.
	 * @return the new broker
	 */
	public KafkaBroker restart() {
		if (this.process.isAlive()) {
			stop();
		}
		return start(this.settings.withPort(this.port), this.proxy, Processes::freePort);
	}

	/** Stops the broker, and its proxy if it has one. */
	@Override
	public void close() {
		stop();
		if (this.proxy != null) {
			this.proxy.close();
		}
	}

	private void removeShutdownHook() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down: the hook is running or ran.
		}
	}

	static String serverProperties(Settings settings, Path dataDir, int port, int controllerPort) {
		return serverProperties(settings, dataDir, port, controllerPort, null);
	}

	static String serverProperties(Settings settings, Path dataDir, int port, int controllerPort, TcpProxy proxy) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", "1");
		properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
		properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
		properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		if (proxy != null) {
			// A listener of its own for the services, advertised at the proxy, so that metadata sends them back
			// through it; the broker's own traffic and the tests' clients keep the direct PLAINTEXT listener.
			properties.put("listeners", properties.get("listeners") + ",PROXIED://127.0.0.1:" + proxy.targetPort());
			properties.put("advertised.listeners",
					properties.get("advertised.listeners") + ",PROXIED://127.0.0.1:" + proxy.port());
			properties.put("listener.security.protocol.map",
					properties.get("listener.security.protocol.map") + ",PROXIED:PLAINTEXT");
		}
		properties.put("log.dirs", dataDir.resolve("data").toString());
		// One broker: every internal topic must have one replica, or consumer groups and transactions never work
		// (and nothing says so: producing still succeeds).
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("offsets.topic.num.partitions", "10");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("transaction.state.log.num.partitions", "10");
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		properties.put("min.insync.replicas", "1");
		properties.put("default.replication.factor", "1");
		// A consumer joining a group should not wait for others that will never come.
		properties.put("group.initial.rebalance.delay.ms", "0");
		properties.put("auto.create.topics.enable", "true");
		properties.put("num.partitions", "1");
		properties.putAll(settings.brokerProperties());
		StringBuilder text = new StringBuilder("# Written by shop-local KafkaBroker at every start.\n");
		properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
		return text.toString();
	}

	private static String log4jProperties(Path logs) {
		String file = logs.resolve("server.log").toString();
		return """
				# Written by shop-local KafkaBroker: the broker logs to a file in its data directory, not the console.
				status = warn
				# Kafka stops in its own shutdown hook; Log4j must keep logging until it has finished.
				shutdownHook = disable
				appender.file.type = RollingFile
				appender.file.name = file
				appender.file.fileName = %s
				appender.file.filePattern = %s.%%i
				appender.file.layout.type = PatternLayout
				appender.file.layout.pattern = [%%d] %%p %%m (%%c)%%n
				appender.file.policies.type = Policies
				appender.file.policies.size.type = SizeBasedTriggeringPolicy
				appender.file.policies.size.size = 20MB
				appender.file.strategy.type = DefaultRolloverStrategy
				appender.file.strategy.max = 3
				rootLogger.level = INFO
				rootLogger.appenderRef.file.ref = file
				""".formatted(file, file);
	}

	private static void format(Settings settings, String classpath, Path config, Path log4j, Path logs) {
		List<String> command = java(settings, classpath, log4j, logs);
		command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "-t",
				Uuid.randomUuid().toString(), "-c", config.toString()));
		Path output = logs.resolve("format.log");
		try {
			Process format = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!format.waitFor(120, TimeUnit.SECONDS)) {
				format.destroyForcibly();
				throw new IllegalStateException("Formatting Kafka storage timed out:\n" + Processes.tail(output, 30));
			}
			if (format.exitValue() != 0) {
				throw new IllegalStateException("Formatting Kafka storage failed (exit " + format.exitValue() + "):\n"
						+ Processes.tail(output, 30));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run kafka.tools.StorageTool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> java(Settings settings, String classpath, Path log4j, Path logs) {
		List<String> command = new ArrayList<>();
		command.add(Processes.javaExecutable());
		command.addAll(settings.jvmOptions());
		command.add("-Dlog4j2.configurationFile=" + log4j);
		command.add("-Dkafka.logs.dir=" + logs);
		command.add("-cp");
		command.add(classpath);
		return command;
	}

	private static void awaitReady(Process process, String bootstrap, Duration timeout, Path logs) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
		properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
		try (Admin admin = Admin.create(properties)) {
			while (System.nanoTime() < deadline) {
				if (!process.isAlive()) {
					throw new IllegalStateException("The Kafka broker exited with " + process.exitValue()
							+ " while starting. End of " + logs.resolve("server.log") + ":\n"
							+ Processes.tail(logs.resolve("server.log"), 40) + "\nstdout:\n"
							+ Processes.tail(logs.resolve("stdout.log"), 20));
				}
				try {
					if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
						return;
					}
				}
				catch (Exception ex) {
					if (ex instanceof InterruptedException) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
					// Not listening yet.
				}
				Processes.pause(Duration.ofMillis(200));
			}
		}
		Processes.stop(process, Duration.ofSeconds(5));
		throw new IllegalStateException("The Kafka broker did not answer at " + bootstrap + " within " + timeout
				+ ". End of " + logs.resolve("server.log") + ":\n" + Processes.tail(logs.resolve("server.log"), 40));
	}

	/** The broker's jars (written at build time) plus the location of this module's own classes. */
	static String classpath() {
		List<String> entries = new ArrayList<>();
		for (String resource : List.of(BROKER_CLASSPATH, RUNTIME_CLASSPATH)) {
			try (InputStream in = KafkaBroker.class.getResourceAsStream(resource)) {
				if (in == null) {
					throw new IllegalStateException("Missing resource shop/local/" + resource
							+ ": build shop-local with Maven (it is written by maven-dependency-plugin)");
				}
				for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()
					.split(File.pathSeparator)) {
					if (!entry.isBlank()) {
						if (!Files.exists(Path.of(entry))) {
							throw new IllegalStateException("The Kafka broker classpath names " + entry
									+ ", which does not exist: rebuild shop-local on this machine");
						}
						entries.add(entry);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		entries.add(ownLocation());
		return String.join(File.pathSeparator, entries);
	}

	private static String ownLocation() {
		try {
			return Path.of(KafkaBrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
				.toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path write(Path file, String content) {
		try {
			return Files.writeString(file, content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * How to run a broker.
	 *
	 * @param dataDir holds data, configuration and logs
	 * @param port client port on 127.0.0.1, 0 for a free one
	 * @param jvmOptions options of the broker JVM (heap, GC)
	 * @param brokerProperties extra or overriding {@code server.properties} entries
	 * @param startTimeout how long to wait until it answers
	 * @param proxied whether the services reach the broker through a {@link TcpProxy} of their own listener (so a
	 * test can cut them off from it), see {@link #clientBootstrapServers()}
	 */
	public record Settings(Path dataDir, int port, List<String> jvmOptions, Map<String, String> brokerProperties,
			Duration startTimeout, boolean proxied) {

		/**
		 * Default JVM options: a bounded heap and the collector settings Kafka's own scripts start a broker with
		 * ({@code kafka-run-class.sh}: G1, a 20 ms pause goal). The serial collector stopped this broker for 40-56 ms
		 * per young collection (its old generation holds about 170 MB), and every record in flight waited: G5's p99
		 * (order placed to stock outcome, two trips through the broker) was 205 and 167 ms with it, 162 and 115 ms
		 * with G1 (22 ms per young collection), alternating on one machine (docs/performance.md).
		 */
		public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC",
				"-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-Djava.awt.headless=true");

		public Settings {
			jvmOptions = List.copyOf(jvmOptions);
			brokerProperties = Map.copyOf(brokerProperties);
		}

		/** A free port, default JVM options, a 90 s start timeout. */
		public static Settings inDirectory(Path dataDir) {
			return new Settings(dataDir, 0, DEFAULT_JVM_OPTIONS, Map.of(), Duration.ofSeconds(90), false);
		}

		public Settings withPort(int port) {
			return new Settings(this.dataDir, port, this.jvmOptions, this.brokerProperties, this.startTimeout,
					this.proxied);
		}

		public Settings withJvmOptions(List<String> jvmOptions) {
			return new Settings(this.dataDir, this.port, jvmOptions, this.brokerProperties, this.startTimeout,
					this.proxied);
		}

		public Settings withBrokerProperty(String name, String value) {
			Map<String, String> properties = new LinkedHashMap<>(this.brokerProperties);
			properties.put(name, value);
			return new Settings(this.dataDir, this.port, this.jvmOptions, properties, this.startTimeout,
					this.proxied);
		}

		/** With a {@link TcpProxy} in front of the services' listener. */
		public Settings withProxy(boolean proxied) {
			return new Settings(this.dataDir, this.port, this.jvmOptions, this.brokerProperties, this.startTimeout,
					proxied);
		}

		public Settings withStartTimeout(Duration startTimeout) {
			return new Settings(this.dataDir, this.port, this.jvmOptions, this.brokerProperties, startTimeout,
					this.proxied);
		}

	}

}
