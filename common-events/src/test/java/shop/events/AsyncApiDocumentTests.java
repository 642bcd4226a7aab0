package shop.events;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code shop/events/asyncapi.yaml} in step with the code: every topic is a channel, every event version a
 * message on its topic's channel, with the {@code event-type}/{@code event-version} headers, the order id as key, a
 * payload schema with exactly the record's components (nested line records too, with matching JSON types), and the
 * golden fixture as its example. A new field, record or event version that is not described here fails.
 */
class AsyncApiDocumentTests {

	private static JsonNode document;

	@BeforeAll
	static void read() throws IOException {
		try (InputStream in = EventType.class.getResourceAsStream("asyncapi.yaml")) {
			assertThat(in).as("shop/events/asyncapi.yaml on the classpath").isNotNull();
			document = YAMLMapper.shared().readTree(in);
		}
	}

	@Test
	void isAnAsyncApi3DocumentForKafka() {
		assertThat(document.path("asyncapi").asString()).isEqualTo("3.0.0");
		assertThat(document.path("servers").path("local").path("protocol").asString()).isEqualTo("kafka");
	}

	@Test
	void everyTopicIsAChannelAndEveryChannelATopic() throws IllegalAccessException {
		assertThat(channelAddresses()).containsExactlyInAnyOrderElementsOf(topics());
	}

	@Test
	void everyEventVersionIsAMessageOnItsTopicAndNothingElseIs() {
		Set<String> expected = EventType.ALL.stream().map(AsyncApiDocumentTests::messageId).collect(Collectors.toSet());
		assertThat(document.path("components").path("messages").propertyNames())
			.containsExactlyInAnyOrderElementsOf(expected);
		for (EventType<?> type : EventType.ALL) {
			JsonNode channel = channel(type.topic());
			assertThat(channel.path("messages").path(messageId(type)).path("$ref").asString())
				.as(type + " on its channel")
				.isEqualTo("#/components/messages/" + messageId(type));
		}
	}

	@Test
	void everyMessageCarriesTheTypeAndVersionHeadersAndTheOrderIdAsKey() {
		for (EventType<?> type : EventType.ALL) {
			JsonNode message = message(type);
			JsonNode headers = resolve(message.path("headers"));
			assertThat(headers.path("required").valueStream().map(JsonNode::asString))
				.containsExactlyInAnyOrder(EventHeaders.TYPE, EventHeaders.VERSION);
			assertThat(headers.path("properties").path(EventHeaders.TYPE).path("const").asString())
				.isEqualTo(type.name());
			assertThat(headers.path("properties").path(EventHeaders.VERSION).path("const").asString())
				.isEqualTo(Integer.toString(type.version()));
			JsonNode key = resolve(message.path("bindings").path("kafka").path("key"));
			assertThat(key.path("format").asString()).as(type + " key").isEqualTo("uuid");
			JsonNode example = message.path("examples").get(0).path("headers");
			assertThat(example.path(EventHeaders.TYPE).asString()).isEqualTo(type.name());
			assertThat(example.path(EventHeaders.VERSION).asString()).isEqualTo(Integer.toString(type.version()));
		}
	}

	@Test
	void everyPayloadSchemaHasExactlyTheRecordsComponents() {
		List<String> problems = new ArrayList<>();
		for (EventType<?> type : EventType.ALL) {
			compare(type.type(), resolve(message(type).path("payload")), type.name() + " v" + type.version(), problems);
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyExampleIsTheGoldenFixture() {
		for (EventType<?> type : EventType.ALL) {
			JsonNode fixture = JsonMapper.shared().readTree(type.fixture());
			assertThat(message(type).path("examples").get(0).path("payload")).as(type + " example")
				.isEqualTo(fixture);
		}
	}

	/** The schema's properties against the record's components, recursing into lists of nested records. */
	private static void compare(Class<?> record, JsonNode schema, String where, List<String> problems) {
		Set<String> components = Arrays.stream(record.getRecordComponents())
			.map(RecordComponent::getName)
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> properties = new TreeSet<>(schema.path("properties").propertyNames());
		Set<String> required = schema.path("required")
			.valueStream()
			.map(JsonNode::asString)
			.collect(Collectors.toCollection(TreeSet::new));
		if (!components.equals(properties)) {
			problems.add(where + ": properties " + properties + " but the record has " + components);
		}
		if (!components.equals(required)) {
			problems.add(where + ": required " + required + " but the record has " + components);
		}
		for (RecordComponent component : record.getRecordComponents()) {
			JsonNode property = schema.path("properties").path(component.getName());
			if (property.isMissingNode()) {
				continue;
			}
			String path = where + "." + component.getName();
			String expected = jsonType(component.getType());
			if (!expected.equals(property.path("type").asString())) {
				problems.add(path + ": type " + property.path("type").asString() + ", expected " + expected);
			}
			String format = format(component.getType());
			if (format != null && !format.equals(property.path("format").asString())) {
				problems.add(path + ": format " + property.path("format").asString() + ", expected " + format);
			}
			if (List.class.equals(component.getType())) {
				Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
				compare((Class<?>) element, resolve(property.path("items")), path + "[]", problems);
			}
		}
	}

	private static String jsonType(Class<?> type) {
		if (type == UUID.class || type == String.class || type == Instant.class) {
			return "string";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "integer";
		}
		if (type == BigDecimal.class) {
			return "number";
		}
		if (List.class.equals(type)) {
			return "array";
		}
		if (type.isRecord()) {
			return "object";
		}
		throw new IllegalArgumentException("No JSON type known for " + type + ": teach this test (and the document)");
	}

	private static String format(Class<?> type) {
		if (type == UUID.class) {
			return "uuid";
		}
		return (type == Instant.class) ? "date-time" : null;
	}

	private static String messageId(EventType<?> type) {
		return type.name() + ".v" + type.version();
	}

	private static JsonNode message(EventType<?> type) {
		return document.path("components").path("messages").path(messageId(type));
	}

	private static JsonNode channel(String address) {
		return document.path("channels")
			.valueStream()
			.filter((channel) -> address.equals(channel.path("address").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No channel with address " + address));
	}

	private static Set<String> channelAddresses() {
		return document.path("channels")
			.valueStream()
			.map((channel) -> channel.path("address").asString())
			.collect(Collectors.toSet());
	}

	/** The value of every public constant of {@link Topics}. */
	private static Set<String> topics() throws IllegalAccessException {
		Set<String> topics = new TreeSet<>();
		for (Field field : Topics.class.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers())
					&& field.getType() == String.class) {
				topics.add((String) field.get(null));
			}
		}
		return topics;
	}

	/** Follows a local {@code $ref} ({@code #/components/...}); anything else is returned as it is. */
	private static JsonNode resolve(JsonNode node) {
		String ref = node.path("$ref").asString("");
		if (!ref.startsWith("#/")) {
			return node;
		}
		JsonNode target = document;
		for (String part : ref.substring(2).split("/")) {
			target = target.path(part);
		}
		assertThat(target.isMissingNode()).as("$ref " + ref + " resolves").isFalse();
		return resolve(target);
	}

}
