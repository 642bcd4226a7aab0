package shop.chassis.outbox;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.modulith.events.core.EventSerializer;

/**
 * How the outbox stores events (as JSON) and reads them back: leniently. An entry written before a crash is read
 * again when the service restarts, by the same or a later version of it, and must always be readable. The services
 * refuse unknown JSON properties in requests ({@code spring.jackson.deserialization.fail-on-unknown-properties}), and
 * the application's mapper carries that setting; reading the outbox with it made a service unable to start after a
 * crash whenever an outstanding event had been written with a derived property (such as {@code isFinal()} as
 * {@code "final"}) or a field a later version dropped. Found by the fault-injection suite (kill -9 order-service).
 */
final class TolerantEventSerializer implements EventSerializer {

	private final JsonMapper mapper;

	TolerantEventSerializer(JsonMapper mapper) {
		this.mapper = mapper.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	@Override
	public Object serialize(Object event) {
		return this.mapper.writeValueAsString(event);
	}

	@Override
	public <T> T deserialize(Object serialized, Class<T> type) {
		return this.mapper.readValue(serialized.toString(), type);
	}

}
