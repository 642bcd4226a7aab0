package shop.systemtests;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.local.ShopService;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a flow through the gateway (orders confirmed, and rejected by product-service for lack of stock) and one
 * unreadable record on the orders topic, every application's {@code /actuator/prometheus} shows the business meters
 * grown by exactly what happened: placed in user-service, confirmed, rejected by reason and the completion histogram in order-service, units
 * reserved in product-service (summed over its instances), dead letters in both consumers; the outbox gauges and the
 * Kafka consumer metrics are there to alert on. The shop is shared, so everything is measured as a difference.
 */
@ExtendWith(RunningShop.Extension.class)
class BusinessMetricsIT {

	private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(60);

	private final RunningShop shop;

	BusinessMetricsIT(RunningShop shop) {
		this.shop = shop;
	}

	@Test
	void businessMetersCountWhatHappened() {
		Scrapes before = scrapeAll();
		RunningShop.Shopper shopper = this.shop.register();
		Outcomes outcomes = new Outcomes();
		// Two orders for all of a product's stock at once: user-service's availability check sees the stock for both
		// and accepts both; product-service reserves for one and rejects the other. Should the check already see
		// the stock gone (422, nothing placed), the pair is tried again with a fresh product.
		for (int attempt = 0; attempt < 3 && outcomes.rejected == 0; attempt++) {
			UUID product = this.shop.createProduct(new BigDecimal("2.50"), 3);
			for (ShopClient.Response answer : placeAtOnce(shopper, product, 3, 2)) {
				if (answer.status() == 422) {
					continue;
				}
				assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
				outcomes.placed++;
				JsonNode order = this.shop.awaitFinal(new RunningShop.Placed(
						UUID.fromString(answer.json().path("orderId").asString()), shopper, answer));
				if (order.path("status").asString().equals("CONFIRMED")) {
					outcomes.confirmed++;
					outcomes.units += 3;
				}
				else {
					assertThat(order.path("rejectionReason").asString()).as(order.toString())
						.isEqualTo("INSUFFICIENT_STOCK");
					outcomes.rejected++;
				}
			}
		}
		assertThat(outcomes.rejected).as("orders rejected by product-service for lack of stock").isPositive();
		sendUnreadableRecord("shop.orders.placed");

		await().atMost(METRICS_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Scrapes after = scrapeAll();
			assertThat(after.delta(before, ShopService.USER, "shop_orders_placed_total", Map.of()))
				.isEqualTo(outcomes.placed);
			assertThat(after.delta(before, ShopService.ORDER, "shop_orders_confirmed_total", Map.of()))
				.isEqualTo(outcomes.confirmed);
			assertThat(after.delta(before, ShopService.ORDER, "shop_orders_rejected_total",
					Map.of("reason", "INSUFFICIENT_STOCK")))
				.isEqualTo(outcomes.rejected);
			assertThat(after.delta(before, ShopService.ORDER, "shop_orders_completion_seconds_count",
					Map.of("outcome", "CONFIRMED")))
				.isEqualTo(outcomes.confirmed);
			assertThat(after.delta(before, ShopService.ORDER, "shop_orders_completion_seconds_count",
					Map.of("outcome", "REJECTED")))
				.isEqualTo(outcomes.rejected);
			assertThat(after.delta(before, ShopService.PRODUCT, "shop_stock_units_reserved_total", Map.of()))
				.isEqualTo(outcomes.units);
			Map<String, String> fromOrdersTopic = Map.of("topic", "shop.orders.placed");
			assertThat(after.delta(before, ShopService.ORDER, "shop_kafka_dead_letters_total", fromOrdersTopic))
				.isEqualTo(1);
			assertThat(after.delta(before, ShopService.PRODUCT, "shop_kafka_dead_letters_total", fromOrdersTopic))
				.isEqualTo(1);
		});

		Scrapes now = scrapeAll();
		for (ShopService service : ShopService.values()) {
			for (PrometheusText scrape : now.of(service)) {
				// Every service publishes through an outbox: its backlog is measured (empty once all is sent).
				assertThat(scrape.has("shop_outbox_pending")).as(service + " outbox backlog").isTrue();
				assertThat(scrape.has("shop_outbox_oldest_age_seconds")).as(service + " outbox age").isTrue();
				assertThat(scrape.has("http_server_requests_seconds_bucket")).as(service + " latency histogram")
					.isTrue();
			}
		}
		// Per-partition lag appears once partitions are assigned, and Micrometer binds new Kafka client metrics when
		// it next looks (every minute): in a freshly started shop it may take that long.
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			Scrapes later = scrapeAll();
			for (ShopService consumer : List.of(ShopService.ORDER, ShopService.PRODUCT)) {
				for (PrometheusText scrape : later.of(consumer)) {
					assertThat(scrape.has("kafka_consumer_fetch_manager_records_lag")).as(consumer + " consumer lag")
						.isTrue();
				}
			}
		});
		this.shop.report("business metrics", String.format(Locale.ROOT,
				"%d placed, %d confirmed, %d rejected, %d units, 2 dead letters counted exactly", outcomes.placed,
				outcomes.confirmed, outcomes.rejected, outcomes.units));
	}

	/** Places {@code orders} orders for {@code quantity} of the product, all at the same moment. */
	private List<ShopClient.Response> placeAtOnce(RunningShop.Shopper shopper, UUID product, int quantity, int orders) {
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<ShopClient.Response>> answers = new ArrayList<>();
		for (int i = 0; i < orders; i++) {
			answers.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				return this.shop.tryPlace(shopper, Map.of(product, quantity), null);
			}));
		}
		start.countDown();
		return answers.stream().map(CompletableFuture::join).toList();
	}

	/** What the flow did, as the shop answered. */
	private static final class Outcomes {

		int placed;

		int confirmed;

		int rejected;

		int units;

	}

	/** A record without the event headers: both consumers of the topic refuse it and dead-letter it at once. */
	private void sendUnreadableRecord(String topic) {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.shop.local().kafka().bootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(topic, "metrics-it-" + UUID.randomUUID(),
					"{not an event".getBytes(StandardCharsets.UTF_8)))
				.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not send the unreadable record", ex);
		}
	}

	private Scrapes scrapeAll() {
		Map<ShopService, List<PrometheusText>> scrapes = new java.util.EnumMap<>(ShopService.class);
		for (ShopService service : ShopService.values()) {
			scrapes.put(service,
					this.shop.local()
						.instances(service)
						.stream()
						.map((instance) -> PrometheusText.scrape(instance.baseUri()))
						.toList());
		}
		return new Scrapes(scrapes);
	}

	/** One scrape of every instance of every service. */
	private record Scrapes(Map<ShopService, List<PrometheusText>> byService) {

		List<PrometheusText> of(ShopService service) {
			return this.byService.get(service);
		}

		/** How much a metric grew since {@code before}, summed over the instances of the service. */
		double delta(Scrapes before, ShopService service, String metric, Map<String, String> labels) {
			return total(this, service, metric, labels) - total(before, service, metric, labels);
		}

		private static double total(Scrapes scrapes, ShopService service, String metric, Map<String, String> labels) {
			return scrapes.of(service).stream().mapToDouble((scrape) -> scrape.sum(metric, labels)).sum();
		}

	}

}
