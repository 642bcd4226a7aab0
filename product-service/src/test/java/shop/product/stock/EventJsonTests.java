package shop.product.stock;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.ClassUtils;

import shop.chassis.kafka.EventReader;
import shop.events.EventHeaders;
import shop.events.EventType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden fixtures of the events product-service reads and writes go through its Kafka JSON path unchanged: read
 * as the chassis {@link EventReader} reads a record (on the application's {@link JsonMapper}), written by the value
 * serializer that {@code application.yml} configures. An incompatible change to a record, a fixture or the mapper
 * settings fails here.
 */
@JsonTest
class EventJsonTests {

	/** Trees whose numbers keep their scale, so that 5.00 written as 5.0 or 5 is a difference. */
	private static final JsonMapper EXACT = JsonMapper.builder()
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	@Autowired
	JsonMapper jsonMapper;

	@Autowired
	Environment environment;

	static Stream<EventType<?>> eventsOfProductService() {
		return Stream.of(EventType.USER_PLACED_ORDER_V1, EventType.STOCK_RESERVED_V1, EventType.STOCK_REJECTED_V1);
	}

	@ParameterizedTest
	@MethodSource("eventsOfProductService")
	void fixtureRoundTripsExactlyThroughTheKafkaJsonPath(EventType<?> type) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(type.topic(), 0, 0, "key",
				type.fixture().getBytes(StandardCharsets.UTF_8));
		record.headers().add(EventHeaders.TYPE, type.name().getBytes(StandardCharsets.UTF_8));
		record.headers().add(EventHeaders.VERSION, Integer.toString(type.version()).getBytes(StandardCharsets.UTF_8));

		Object event = new EventReader(this.jsonMapper).read(record);
		RecordHeaders headers = new RecordHeaders();
		byte[] written;
		try (Serializer<Object> serializer = valueSerializer()) {
			written = serializer.serialize(type.topic(), headers, event);
		}

		assertThat(event).isInstanceOf(type.type());
		assertThat(exact(written)).isEqualTo(exact(type.fixture().getBytes(StandardCharsets.UTF_8)));
		assertThat(headers.toArray()).as("no Java type names in headers").isEmpty();
	}

	@Test
	void comparesNumbersWithTheirScale() {
		assertThat(exact("{\"price\": 5.00}".getBytes(StandardCharsets.UTF_8)))
			.isNotEqualTo(exact("{\"price\": 5.0}".getBytes(StandardCharsets.UTF_8)));
	}

	/** The value serializer of application.yml, configured with its {@code spring.json.*} producer properties. */
	@SuppressWarnings("unchecked")
	private Serializer<Object> valueSerializer() {
		String className = this.environment.getRequiredProperty("spring.kafka.producer.value-serializer");
		Serializer<Object> serializer = (Serializer<Object>) BeanUtils
			.instantiateClass(ClassUtils.resolveClassName(className, getClass().getClassLoader()));
		String addTypeHeaders = this.environment
			.getRequiredProperty("spring.kafka.producer.properties." + JacksonJsonSerializer.ADD_TYPE_INFO_HEADERS);
		serializer.configure(Map.of(JacksonJsonSerializer.ADD_TYPE_INFO_HEADERS, addTypeHeaders), false);
		return serializer;
	}

	private static JsonNode exact(byte[] json) {
		return EXACT.readTree(json);
	}

}
