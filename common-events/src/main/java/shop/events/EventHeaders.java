package shop.events;

/** Names of the Kafka record headers that say what a record's value is. */
public final class EventHeaders {

	/** The event type name, e.g. {@code UserPlacedOrder} (see {@link EventType#name()}). */
	public static final String TYPE = "event-type";

	/** The schema version of the value, a decimal integer such as {@code 1}. */
	public static final String VERSION = "event-version";

	private EventHeaders() {
	}

}
