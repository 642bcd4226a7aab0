package shop.systemtests.faults;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import shop.local.AppJvmOptions;
import shop.local.LocalPostgres;
import shop.local.LocalShop;
import shop.local.Progress;
import shop.local.ServiceProcess;
import shop.local.ShopService;
import shop.systemtests.faults.injected.ErrorOnMarkedRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault-injection suite's own shop: Kafka, the three services and the gateway as processes (no Consul: the
 * gateway knows the instances' fixed ports, so a restarted instance is routable at once), on free ports, with fresh
 * databases and state. Unlike the shared whole-shop fixture, its processes may be killed and restarted; every
 * scenario leaves it healthy again.
 */
final class FaultShop implements AutoCloseable {

	static final String ADMIN_EMAIL = "admin@faults.test";

	/**
	 * The gateway's admission limit of order placement here (shipped: 64). On two shared cores 8 orders in flight
	 * already saturate placement (scenario 13's probe), and 64 would queue seconds of work in user-service, past the
	 * gateway's 5 s time limit, before admission control turned anything away. The other scenarios' 4 clients never
	 * reach it.
	 */
	static final int ORDER_PLACEMENT_ADMISSION_LIMIT = 8;

	/**
	 * The launcher's (heap bounds included: the overload scenario runs within them). The admission limit goes to every
	 * process but only the gateway has that bulkhead.
	 */
	private static final List<String> JVM_OPTIONS = Stream
		.concat(AppJvmOptions.defaults().stream(),
				Stream.of("-Dresilience4j.bulkhead.instances.order-placement.max-concurrent-calls="
						+ ORDER_PLACEMENT_ADMISSION_LIMIT))
		.toList();

	private static final Pattern METRIC_LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$",
			Pattern.MULTILINE);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String adminPassword = "faults-" + UUID.randomUUID();

	private final LocalPostgres postgres;

	private final LocalShop shop;

	private final String adminToken;

	FaultShop() {
		this(LocalShop.Discovery.none());
	}

	/** With a Consul agent ({@link ConsulOutageIT}): the gateway and the services then find each other through it. */
	FaultShop(LocalShop.Discovery discovery) {
		Path root = LocalShop.repositoryRoot();
		String run = "faults_" + Instant.now().getEpochSecond() + "_" + UUID.randomUUID().toString().substring(0, 6);
		this.postgres = LocalPostgres.fromEnvironment();
		this.shop = LocalShop.start(LocalShop.Options
			.isolated(root, root.resolve("system-tests/target/fault-shop-state").resolve(run), this.postgres, run,
					ADMIN_EMAIL, this.adminPassword, JVM_OPTIONS)
			.withGateway(0)
			.withDiscovery(discovery)
			// Scenario 5 cuts the services off from the broker; everything else reaches it as usual.
			.withKafkaProxy()
			.withProgress(Progress.printingTo(System.out)));
		System.out.print(this.shop.summary());
		this.adminToken = token(ADMIN_EMAIL, this.adminPassword);
	}

	LocalShop local() {
		return this.shop;
	}

	URI gateway() {
		return this.shop.gateway().baseUri();
	}

	String bootstrapServers() {
		return this.shop.kafka().bootstrapServers();
	}

	ServiceProcess service(ShopService service) {
		return this.shop.service(service);
	}

	/** SIGKILL, as a crash. */
	void kill(ShopService service) {
		this.shop.service(service).kill();
	}

	/** Starts the service again on its port and database; returns once it is ready. */
	ServiceProcess restart(ShopService service) {
		return this.shop.restart(service.module());
	}

	/**
	 * Restarts the service with {@link ErrorOnMarkedRecord} on its classpath: its listeners throw an Error at the
	 * first record of {@code shop.orders.placed} that contains {@code marker}. Its readiness shows details, to name
	 * the stopped container. {@link #restart} runs it plainly again.
	 */
	ServiceProcess restartThrowingErrorOn(ShopService service, String marker) {
		Path dir = this.shop.options().stateDir().resolve("injected-error-" + service.module());
		try {
			Path classes = Path.of(ErrorOnMarkedRecord.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path packageDir = Path.of(ErrorOnMarkedRecord.class.getPackageName().replace('.', '/'));
			Files.createDirectories(dir.resolve(packageDir));
			try (Stream<Path> files = Files.list(classes.resolve(packageDir))) {
				for (Path file : files.filter((f) -> f.toString().endsWith(".class")).toList()) {
					Files.copy(file, dir.resolve(packageDir).resolve(file.getFileName()),
							StandardCopyOption.REPLACE_EXISTING);
				}
			}
			Path imports = dir
				.resolve("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
			Files.createDirectories(imports.getParent());
			Files.writeString(imports, ErrorOnMarkedRecord.class.getName() + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
		return this.shop.restartWithExtraClasspath(service.module(),
				List.of("-D" + ErrorOnMarkedRecord.MARKER_PROPERTY + "=" + marker,
						"-Dmanagement.endpoint.health.group.readiness.show-details=always"),
				List.of(dir));
	}

	/**
	 * Brings back whatever a failed scenario left down (the broker first, then any service), so that one failure
	 * does not fail every scenario after it.
	 * @return what had to be restarted
	 */
	List<String> heal() {
		List<String> healed = new ArrayList<>();
		if (!this.shop.kafka().isAlive()) {
			this.shop.restartKafka();
			healed.add("kafka");
		}
		for (ShopService service : ShopService.values()) {
			if (!this.shop.service(service).isAlive()) {
				restart(service);
				healed.add(service.module());
			}
		}
		return healed;
	}

	Shopper register() {
		String email = "faults-" + UUID.randomUUID() + "@faults.test";
		String password = "correct-horse-" + UUID.randomUUID();
		JsonAnswer created = post("/api/users", null,
				Map.of("email", email, "password", password, "name", "Fault Shopper"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return new Shopper(UUID.fromString(created.body().path("id").asString()), email, token(email, password));
	}

	UUID createProduct(int stock) {
		Map<String, Object> product = new LinkedHashMap<>();
		product.put("sku", "FAULT-" + UUID.randomUUID());
		product.put("name", "Fault-injection product");
		product.put("description", "Made by the fault-injection suite");
		product.put("price", new BigDecimal("3.50"));
		product.put("currency", "EUR");
		product.put("stock", stock);
		JsonAnswer created = post("/api/products", this.adminToken, product);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return UUID.fromString(created.body().path("id").asString());
	}

	/** The product as the API shows it (through the gateway). */
	int stock(UUID product) {
		JsonAnswer answer = get("/api/products/" + product, null);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.body().path("stock").asInt();
	}

	/** One order placed through the gateway, as a client does (with its own idempotency key); its id. */
	UUID placeOrder(Shopper shopper, UUID product, int quantity) {
		HttpRequest request = HttpRequest.newBuilder(gateway().resolve("/api/orders"))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json, application/problem+json")
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + shopper.token())
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(
					Map.of("items", List.of(Map.of("productId", product.toString(), "quantity", quantity))))))
			.build();
		JsonAnswer placed = answer(request);
		assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
		return UUID.fromString(placed.body().path("orderId").asString());
	}

	/** The order as its shopper sees it through the gateway. */
	JsonAnswer order(Shopper shopper, UUID orderId) {
		return get("/api/orders/" + orderId, shopper.token());
	}

	/** {@code GET /actuator/health/readiness} of the service's instance (200 when UP, 503 when DOWN). */
	HttpResponse<String> readiness(ShopService service) {
		return send(HttpRequest.newBuilder(this.shop.service(service).baseUri().resolve("/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build());
	}

	/** A fresh JDBC connection to a service's database. */
	Connection database(ShopService service) {
		try {
			return DriverManager.getConnection(this.shop.postgres().jdbcUrl(this.shop.database(service)),
					this.shop.postgres().user(), this.shop.postgres().password());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot connect to the database of " + service.module(), ex);
		}
	}

	/** A Kafka admin client for the shop's broker (short timeouts: the broker may be down on purpose). */
	Admin kafkaAdmin() {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
		return Admin.create(properties);
	}

	/**
	 * The sum of a Prometheus counter over every series of one instance, read from its actuator.
	 * @return the value, with the pid it was read from (a restart starts counting again)
	 */
	MetricReading metric(ShopService service, String name) {
		return metric(this.shop.service(service), name);
	}

	/** As {@link #metric(ShopService, String)}, of the gateway. */
	MetricReading gatewayMetric(String name) {
		return metric(this.shop.gateway(), name);
	}

	private MetricReading metric(ServiceProcess process, String name) {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(process.baseUri().resolve("/actuator/prometheus")).timeout(Duration.ofSeconds(10))
					.GET()
					.build());
		assertThat(response.statusCode()).as("GET /actuator/prometheus of " + process.name()).isEqualTo(200);
		double sum = 0;
		Matcher line = METRIC_LINE.matcher(response.body());
		while (line.find()) {
			if (line.group(1).equals(name)) {
				sum += Double.parseDouble(line.group(3));
			}
		}
		return new MetricReading(process.pid(), sum);
	}

	String token(String email, String password) {
		JsonAnswer answer = post("/api/auth/token", null, Map.of("email", email, "password", password));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.body().path("access_token").asString();
	}

	private JsonAnswer get(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(gateway().resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json, application/problem+json")
			.GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return answer(request.build());
	}

	private JsonAnswer post(String path, String token, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(gateway().resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json, application/problem+json")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return answer(request.build());
	}

	private JsonAnswer answer(HttpRequest request) {
		HttpResponse<String> response = send(request);
		JsonNode body = response.body().isBlank() ? this.json.createObjectNode() : this.json.readTree(response.body());
		return new JsonAnswer(request.method() + " " + request.uri(), response.statusCode(), body);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.shop.close();
		}
		finally {
			List<String> databases = new ArrayList<>();
			for (ShopService service : ShopService.values()) {
				databases.add(this.shop.database(service));
			}
			databases.forEach(this.postgres::dropDatabase);
		}
	}

	/** A registered shopper with a token. */
	record Shopper(UUID id, String email, String token) {
	}

	record JsonAnswer(String request, int status, JsonNode body) {

		@Override
		public String toString() {
			return this.request + " -> " + this.status + " " + this.body;
		}

	}

	/** A counter's value and the process it was read from. */
	record MetricReading(long pid, double value) {

		/** How much the counter grew since {@code before}: all of it when the process was restarted meanwhile. */
		double since(MetricReading before) {
			return (before.pid == this.pid) ? this.value - before.value : this.value;
		}

	}

}
