package shop.chassis.kafka;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import shop.events.EventHeaders;
import shop.events.EventType;

/**
 * Reads a Kafka record into the shop event its headers name. Consumers receive raw bytes on purpose: a record that
 * cannot be read then reaches our error handling with its original bytes, instead of being dropped by a deserializer.
 */
public class EventReader {

	private final JsonMapper jsonMapper;

	public EventReader(JsonMapper jsonMapper) {
		// Unknown properties are tolerated: a producer may add a field within a version.
		this.jsonMapper = jsonMapper.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	/**
	 * The event in the record: one of the {@code shop.events} records.
	 * @throws InvalidEvent when headers are missing, the type or version is unknown, the value is not valid JSON for
	 * that record, or any field is missing
	 */
	public Object read(ConsumerRecord<?, byte[]> record) {
		EventType<?> type = typeOf(record);
		if (record.value() == null) {
			throw new InvalidEvent("Record has no value");
		}
		Object event;
		try {
			event = this.jsonMapper.readValue(record.value(), type.type());
		}
		catch (JacksonException ex) {
			throw new InvalidEvent("Value is not a valid " + type.name() + " v" + type.version() + ": "
					+ ex.getOriginalMessage(), ex);
		}
		requireAllComponents(event, type.name());
		return event;
	}

	/** Like {@link #read(ConsumerRecord)}, for a topic that carries one event type only. */
	public <T> T read(ConsumerRecord<?, byte[]> record, Class<T> expected) {
		Object event = read(record);
		if (!expected.isInstance(event)) {
			throw new InvalidEvent("Expected " + expected.getSimpleName() + " but the record is "
					+ event.getClass().getSimpleName());
		}
		return expected.cast(event);
	}

	private static EventType<?> typeOf(ConsumerRecord<?, byte[]> record) {
		String name = header(record, EventHeaders.TYPE);
		String version = header(record, EventHeaders.VERSION);
		int versionNumber;
		try {
			versionNumber = Integer.parseInt(version);
		}
		catch (NumberFormatException ex) {
			throw new InvalidEvent("Header " + EventHeaders.VERSION + " is not a number: " + version);
		}
		return EventType.of(name, versionNumber)
			.orElseThrow(() -> new InvalidEvent("Unknown event " + name + " v" + versionNumber));
	}

	private static String header(ConsumerRecord<?, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		if (header == null || header.value() == null) {
			throw new InvalidEvent("Missing header " + name);
		}
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	/** Version 1 of every event has only required fields: a null anywhere means the producer broke the contract. */
	private static void requireAllComponents(Object value, String path) {
		if (value == null) {
			throw new InvalidEvent("Missing field " + path);
		}
		if (value instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				requireAllComponents(item, path + "[" + index++ + "]");
			}
		}
		else if (value.getClass().isRecord()) {
			for (RecordComponent component : value.getClass().getRecordComponents()) {
				requireAllComponents(valueOf(component, value), path + "." + component.getName());
			}
		}
	}

	private static Object valueOf(RecordComponent component, Object record) {
		try {
			return component.getAccessor().invoke(record);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Header values as shop producers write them. */
	public static byte[] headerValue(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
