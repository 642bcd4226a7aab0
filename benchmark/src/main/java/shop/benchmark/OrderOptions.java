package shop.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How G4 (order placement ÷ pgbench) and G5 (event latency ÷ raw Kafka) run. Orders go through the gateway as
 * {@code shoppers} registered shoppers in turn, each order with its own Idempotency-Key, one unit of one of the
 * {@code products} (created with a large stock by the admin account when none are given).
 *
 * @param enabled false skips G4 and G5 ({@code --orders off})
 * @param kafka the shop's Kafka bootstrap servers, for the G5 consumer and the raw probe
 * @param postgres the PostgreSQL that user-service uses, as a libpq URI for psql and pgbench
 * @param repository the repository root: user-service's Flyway migrations (for pgbench) and the services' config
 * @param shoppers how many shoppers to register (the gateway limits order placement per shopper)
 * @param products product ids to order; empty creates {@code productCount} products
 * @param adminEmail the admin account that creates the products
 * @param adminPassword its password
 * @param kneeStart first order rate of the knee search (orders/s)
 * @param kneeFactor rate multiplier per step
 * @param kneeSteps most steps
 * @param kneeStep measured time per step
 * @param pgbenchClients pgbench's connections (user-service's Hikari pool holds 10)
 * @param pgbenchDuration each of the two pgbench runs (before and after the knee search)
 * @param g5Duration the G5 window at half the order knee
 * @param probeRate raw Kafka probe messages per second during that window
 * @param outage G8: how long product-service is frozen under order load; zero skips G8 (the smoke size does)
 */
public record OrderOptions(boolean enabled, String kafka, String postgres, Path repository, int shoppers,
		List<String> products, int productCount, String adminEmail, String adminPassword, double kneeStart,
		double kneeFactor, int kneeSteps, Duration kneeStep, int pgbenchClients, Duration pgbenchDuration,
		Duration g5Duration, double probeRate, Duration outage) {

	static OrderOptions defaults() {
		return new OrderOptions(true, "127.0.0.1:9092", "postgresql://postgres@127.0.0.1:5432",
				Path.of("."), 100, List.of(), 10, "admin@shop.local",
				"local-admin-password", 10, 1.5, 10, Duration.ofSeconds(6), 10, Duration.ofSeconds(10),
				Duration.ofSeconds(30), 20, Duration.ofSeconds(60));
	}

	/**
	 * CI size: 20 shoppers (the gateway's default order limit lets each place 5 at once), two knee steps of 3 s at 4
	 * and 8 orders/s, pgbench 3 s twice, G5 for 5 s.
	 */
	public OrderOptions smoke() {
		return new OrderOptions(this.enabled, this.kafka, this.postgres, this.repository, 20, this.products, 2,
				this.adminEmail, this.adminPassword, 4, 2, 2, Duration.ofSeconds(3), this.pgbenchClients,
				Duration.ofSeconds(3), Duration.ofSeconds(5), 20, Duration.ZERO);
	}

	public OrderOptions withProducts(List<String> products) {
		return new OrderOptions(this.enabled, this.kafka, this.postgres, this.repository, this.shoppers, products,
				this.productCount, this.adminEmail, this.adminPassword, this.kneeStart, this.kneeFactor, this.kneeSteps,
				this.kneeStep, this.pgbenchClients, this.pgbenchDuration, this.g5Duration, this.probeRate, this.outage);
	}

	public OrderOptions withKafka(String kafka) {
		return new OrderOptions(this.enabled, kafka, this.postgres, this.repository, this.shoppers, this.products,
				this.productCount, this.adminEmail, this.adminPassword, this.kneeStart, this.kneeFactor, this.kneeSteps,
				this.kneeStep, this.pgbenchClients, this.pgbenchDuration, this.g5Duration, this.probeRate, this.outage);
	}

	public OrderOptions withPostgres(String postgres) {
		return new OrderOptions(this.enabled, this.kafka, postgres, this.repository, this.shoppers, this.products,
				this.productCount, this.adminEmail, this.adminPassword, this.kneeStart, this.kneeFactor, this.kneeSteps,
				this.kneeStep, this.pgbenchClients, this.pgbenchDuration, this.g5Duration, this.probeRate, this.outage);
	}

	public OrderOptions withRepository(Path repository) {
		return new OrderOptions(this.enabled, this.kafka, this.postgres, repository, this.shoppers, this.products,
				this.productCount, this.adminEmail, this.adminPassword, this.kneeStart, this.kneeFactor, this.kneeSteps,
				this.kneeStep, this.pgbenchClients, this.pgbenchDuration, this.g5Duration, this.probeRate, this.outage);
	}

	/** This with one command-line flag applied, or null when the flag is not an order flag. */
	OrderOptions with(String flag, String value) {
		boolean enabled = this.enabled;
		String kafka = this.kafka;
		String postgres = this.postgres;
		Path repository = this.repository;
		int shoppers = this.shoppers;
		List<String> products = this.products;
		String adminEmail = this.adminEmail;
		String adminPassword = this.adminPassword;
		double kneeStart = this.kneeStart;
		double kneeFactor = this.kneeFactor;
		int kneeSteps = this.kneeSteps;
		Duration kneeStep = this.kneeStep;
		int clients = this.pgbenchClients;
		Duration pgbench = this.pgbenchDuration;
		Duration g5 = this.g5Duration;
		double probe = this.probeRate;
		Duration outage = this.outage;
		switch (flag) {
			case "--orders" -> enabled = !value.equals("off");
			case "--kafka" -> kafka = value;
			case "--postgres" -> postgres = value;
			case "--repository" -> repository = Path.of(value);
			case "--shoppers" -> shoppers = Integer.parseInt(value);
			case "--order-products" -> products = Arrays.stream(value.split(",")).map(String::trim).toList();
			case "--admin-email" -> adminEmail = value;
			case "--admin-password" -> adminPassword = value;
			case "--order-knee-start" -> kneeStart = Double.parseDouble(value);
			case "--order-knee-factor" -> kneeFactor = Double.parseDouble(value);
			case "--order-knee-steps" -> kneeSteps = Integer.parseInt(value);
			case "--order-knee-step" -> kneeStep = BenchmarkOptions.seconds(value);
			case "--pgbench-clients" -> clients = Integer.parseInt(value);
			case "--pgbench-duration" -> pgbench = BenchmarkOptions.seconds(value);
			case "--g5-duration" -> g5 = BenchmarkOptions.seconds(value);
			case "--probe-rate" -> probe = Double.parseDouble(value);
			case "--outage" -> outage = BenchmarkOptions.seconds(value);
			default -> {
				return null;
			}
		}
		return new OrderOptions(enabled, kafka, postgres, repository, shoppers, products, this.productCount,
				adminEmail, adminPassword, kneeStart, kneeFactor, kneeSteps, kneeStep, clients, pgbench, g5, probe, outage);
	}

	/** user-service's Flyway migrations: pgbench's scratch database gets the same tables and indexes. */
	Path migrations() {
		return this.repository.resolve("user-service/src/main/resources/db/migration");
	}

	static String usage() {
		return """
				  --orders on|off      G4 order placement ÷ pgbench and G5 event latency (on)
				  --kafka HOST:PORT    the shop's Kafka, for G5 and G8 (127.0.0.1:9092)
				  --postgres URI       user-service's PostgreSQL for pgbench (postgresql://postgres@127.0.0.1:5432)
				  --repository DIR     the repository root, for user-service's migrations and the services' config (.)
				  --shoppers N         shoppers to register for the orders (100; smoke 20)
				  --order-products IDS products to order, comma-separated (default: create 10 with the admin account)
				  --admin-email E      admin account that creates them (admin@shop.local)
				  --admin-password P   its password (local-admin-password)
				  --order-knee-start N first order rate (10/s), --order-knee-factor F (1.5), --order-knee-steps N (10),
				  --order-knee-step S  measured time per step (6)
				  --pgbench-clients N  pgbench connections (10: user-service's pool), --pgbench-duration S (10, run twice)
				  --g5-duration S      G5 window at half the order knee (30), --probe-rate N raw Kafka probes/s (20)
				  --outage S           G8: freezes product-service (SIGSTOP) for S s under order load, then measures the
				                       backlog drain (60; 0 skips G8; smoke: 0)
				""";
	}

}
