package shop.events;

import java.util.UUID;

/** What every shop event has: its own id, which consumers record to apply it once, and the order it is about. */
public interface OrderEvent {

	/** Unique per event. */
	UUID eventId();

	/** The order this event is about; also the Kafka record key. */
	UUID orderId();

}
