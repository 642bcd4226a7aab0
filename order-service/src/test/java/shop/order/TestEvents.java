package shop.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.json.JsonMapper;

import shop.events.EventHeaders;
import shop.events.EventType;
import shop.events.OrderEvent;
import shop.events.StockRejected;
import shop.events.StockReserved;
import shop.events.UserPlacedOrder;
import shop.testing.TestKafka;

import static org.awaitility.Awaitility.await;

/**
 * Puts events on the real broker the way the producing services do (JSON value, type and version headers, key = order
 * id), and tells when order-service has consumed a record.
 */
public final class TestEvents implements AutoCloseable {

	/** order-service's consumer group. */
	public static final String GROUP = "order-service";

	private final String bootstrap;

	private final JsonMapper json;

	private final Admin admin;

	public TestEvents(String bootstrap, JsonMapper json) {
		this.bootstrap = bootstrap;
		this.json = json;
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
	}

	/** Sends an event as its producer would. */
	public RecordMetadata send(OrderEvent event) {
		EventType<?> type = EventType.forRecord(event.getClass());
		return raw(type.topic(), event.orderId().toString(), this.json.writeValueAsBytes(event),
				Map.of(EventHeaders.TYPE, type.name(), EventHeaders.VERSION, String.valueOf(type.version())));
	}

	/** Sends exact bytes and headers. */
	public RecordMetadata raw(String topic, String key, byte[] value, Map<String, String> headers) {
		return TestKafka.send(this.bootstrap, topic, key, value, headers);
	}

	/** Waits until order-service's group has committed past the record: it was processed (or dead-lettered). */
	public void awaitConsumed(RecordMetadata record) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		await().atMost(Duration.ofSeconds(60)).until(() -> committed(partition) > record.offset());
	}

	private long committed(TopicPartition partition) throws InterruptedException, ExecutionException {
		OffsetAndMetadata offset = this.admin.listConsumerGroupOffsets(GROUP)
			.partitionsToOffsetAndMetadata()
			.get()
			.get(partition);
		return (offset != null) ? offset.offset() : -1;
	}

	@Override
	public void close() {
		this.admin.close();
	}

	public static UserPlacedOrder placed(UUID orderId, UUID userId, Instant placedAt, UserPlacedOrder.Line... lines) {
		return new UserPlacedOrder(UUID.randomUUID(), orderId, userId, Arrays.asList(lines), placedAt);
	}

	public static UserPlacedOrder.Line line(UUID productId, int quantity) {
		return new UserPlacedOrder.Line(productId, quantity);
	}

	/** The reservation of every line of the placement, each unit at the given price. */
	public static StockReserved reserved(UserPlacedOrder placed, String unitPrice, String currency) {
		BigDecimal price = new BigDecimal(unitPrice);
		List<StockReserved.Line> lines = placed.items()
			.stream()
			.map((line) -> new StockReserved.Line(line.productId(), line.quantity(), price))
			.toList();
		BigDecimal total = lines.stream()
			.map((line) -> price.multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		return new StockReserved(UUID.randomUUID(), placed.orderId(), lines, total, currency, Instant.now());
	}

	public static StockRejected rejected(UserPlacedOrder placed, String reason) {
		List<StockRejected.Line> lines = placed.items()
			.stream()
			.map((line) -> new StockRejected.Line(line.productId(), line.quantity(), 0))
			.toList();
		return new StockRejected(UUID.randomUUID(), placed.orderId(), reason, lines, Instant.now());
	}

}
