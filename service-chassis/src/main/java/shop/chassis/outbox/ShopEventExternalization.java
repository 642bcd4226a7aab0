package shop.chassis.outbox;

import java.util.Map;

import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;

import shop.chassis.kafka.EventReader;
import shop.events.EventHeaders;
import shop.events.EventType;
import shop.events.OrderEvent;

/**
 * Which events leave a service through the outbox, and how they travel: every shop event record goes to its
 * {@link EventType#topic()}, keyed by order id (so one order's events stay in order on one partition), with its type
 * and version as headers.
 */
final class ShopEventExternalization {

	static EventExternalizationConfiguration configuration() {
		return EventExternalizationConfiguration.externalizing()
			.select(ShopEventExternalization::isShopEvent)
			.routeAll((event) -> RoutingTarget.forTarget(EventType.forRecord(event.getClass()).topic())
				.andKey(((OrderEvent) event).orderId().toString()))
			.headers(ShopEventExternalization::headers)
			.build();
	}

	static boolean isShopEvent(Object event) {
		return event instanceof OrderEvent
				&& EventType.ALL.stream().anyMatch((type) -> type.type().equals(event.getClass()));
	}

	static Map<String, Object> headers(Object event) {
		EventType<?> type = EventType.forRecord(event.getClass());
		// Byte arrays are copied into Kafka headers as they are (no JSON quoting by the header mapper).
		return Map.of(EventHeaders.TYPE, EventReader.headerValue(type.name()), EventHeaders.VERSION,
				EventReader.headerValue(Integer.toString(type.version())));
	}

	private ShopEventExternalization() {
	}

}
