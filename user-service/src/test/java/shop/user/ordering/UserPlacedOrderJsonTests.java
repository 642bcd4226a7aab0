package shop.user.ordering;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.ClassUtils;

import shop.events.EventType;
import shop.events.UserPlacedOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code UserPlacedOrder} v1 golden fixture goes through user-service's Kafka JSON path unchanged: read into the
 * record on the application's {@link JsonMapper} (as consumers read it), written by the value serializer and
 * {@code spring.json.*} settings of {@code application.yml}. Renaming a component, changing a type or a mapper
 * setting that alters the JSON fails here.
 */
@JsonTest
class UserPlacedOrderJsonTests {

	@Autowired
	JsonMapper jsonMapper;

	@Autowired
	Environment environment;

	@Test
	void fixtureRoundTripsExactlyThroughTheKafkaSerializer() {
		String fixture = EventType.USER_PLACED_ORDER_V1.fixture();
		UserPlacedOrder event = this.jsonMapper.readValue(fixture, UserPlacedOrder.class);

		RecordHeaders headers = new RecordHeaders();
		byte[] written;
		try (Serializer<Object> serializer = valueSerializer()) {
			written = serializer.serialize(EventType.USER_PLACED_ORDER_V1.topic(), headers, event);
		}

		assertThat(this.jsonMapper.readTree(written)).isEqualTo(this.jsonMapper.readTree(fixture));
		assertThat(headers.toArray()).as("no Java type names in headers").isEmpty();
	}

	@Test
	void fixtureReadsIntoEveryComponent() {
		UserPlacedOrder event = this.jsonMapper.readValue(EventType.USER_PLACED_ORDER_V1.fixture(),
				UserPlacedOrder.class);

		assertThat(event.eventId()).hasToString("0b7e7c39-3f55-4d0c-9a1e-5d8f6f1b2a01");
		assertThat(event.orderId()).hasToString("5f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f");
		assertThat(event.userId()).hasToString("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
		assertThat(event.items()).hasSize(2);
		assertThat(event.placedAt()).hasToString("2026-11-26T12:00:00Z");
	}

	@Test
	void keepsModulithsOwnJsonConversionOffBecauseTheSerializerWouldBase64PreEncodedBytes() {
		// With Modulith's own JSON converter on, the serializer would receive bytes and write a base64 string.
		assertThat(this.environment.getProperty("spring.modulith.events.kafka.enable-json")).isEqualTo("false");
		String base64OfBytes;
		try (Serializer<Object> serializer = valueSerializer()) {
			base64OfBytes = new String(
					serializer.serialize("t", new RecordHeaders(), "{}".getBytes(StandardCharsets.UTF_8)),
					StandardCharsets.UTF_8);
		}
		assertThat(base64OfBytes).isEqualTo("\"e30=\"");
	}

	/** The value serializer of application.yml, configured with its {@code spring.json.*} producer properties. */
	@SuppressWarnings("unchecked")
	private Serializer<Object> valueSerializer() {
		String className = this.environment.getRequiredProperty("spring.kafka.producer.value-serializer");
		Serializer<Object> serializer = (Serializer<Object>) BeanUtils
			.instantiateClass(ClassUtils.resolveClassName(className, getClass().getClassLoader()));
		serializer.configure(Map.of(JacksonJsonSerializer.ADD_TYPE_INFO_HEADERS, this.environment
			.getRequiredProperty("spring.kafka.producer.properties." + JacksonJsonSerializer.ADD_TYPE_INFO_HEADERS)),
				false);
		return serializer;
	}

}
