package shop.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One version of one event: its name and version as they travel in headers, the record that carries it and the topic
 * it is published to. A new incompatible schema is a new entry with a higher version, never an edit of an old one.
 *
 * @param name the value of the {@link EventHeaders#TYPE} header
 * @param version the value of the {@link EventHeaders#VERSION} header
 * @param type the record for this version
 * @param topic the topic it is published to
 */
public record EventType<T>(String name, int version, Class<T> type, String topic) {

	public static final EventType<UserPlacedOrder> USER_PLACED_ORDER_V1 = new EventType<>("UserPlacedOrder", 1,
			UserPlacedOrder.class, Topics.ORDERS_PLACED);

	public static final EventType<StockReserved> STOCK_RESERVED_V1 = new EventType<>("StockReserved", 1,
			StockReserved.class, Topics.STOCK_OUTCOMES);

	public static final EventType<StockRejected> STOCK_REJECTED_V1 = new EventType<>("StockRejected", 1,
			StockRejected.class, Topics.STOCK_OUTCOMES);

	public static final EventType<OrderCancelled> ORDER_CANCELLED_V1 = new EventType<>("OrderCancelled", 1,
			OrderCancelled.class, Topics.ORDERS_CANCELLED);

	public static final EventType<StockReleased> STOCK_RELEASED_V1 = new EventType<>("StockReleased", 1,
			StockReleased.class, Topics.STOCK_OUTCOMES);

	/** Every known event version. */
	public static final List<EventType<?>> ALL = List.of(USER_PLACED_ORDER_V1, STOCK_RESERVED_V1, STOCK_REJECTED_V1,
			ORDER_CANCELLED_V1, STOCK_RELEASED_V1);

	/** The entry for a header pair, or empty when this build does not know that type or version. */
	public static Optional<EventType<?>> of(String name, int version) {
		return ALL.stream().filter((t) -> t.name.equals(name) && t.version == version).findFirst();
	}

	/** The current (newest) version published for a record class. */
	@SuppressWarnings("unchecked")
	public static <E> EventType<E> forRecord(Class<E> recordClass) {
		return (EventType<E>) ALL.stream()
			.filter((t) -> t.type.equals(recordClass))
			.reduce((a, b) -> (a.version >= b.version) ? a : b)
			.orElseThrow(() -> new IllegalArgumentException("Not an event record: " + recordClass.getName()));
	}

	/** The golden JSON fixture of this version, as stored in {@code shop/events/fixtures/NAME.vVERSION.json}. */
	public String fixture() {
		String path = "fixtures/" + this.name + ".v" + this.version + ".json";
		try (InputStream in = EventType.class.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("Missing fixture shop/events/" + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
