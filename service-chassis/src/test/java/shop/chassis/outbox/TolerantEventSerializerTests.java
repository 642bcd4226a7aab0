package shop.chassis.outbox;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TolerantEventSerializerTests {

	/** As the services configure it: unknown properties in requests are refused. */
	private final JsonMapper strict = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final TolerantEventSerializer serializer = new TolerantEventSerializer(this.strict);

	@Test
	void readsBackAnEventWrittenWithADerivedProperty() {
		Changed changed = new Changed(UUID.randomUUID(), "CONFIRMED", Instant.parse("2026-11-27T04:00:00Z"));

		Object stored = this.serializer.serialize(changed);

		assertThat(stored.toString()).contains("\"final\":true");
		assertThat(this.serializer.deserialize(stored, Changed.class)).isEqualTo(changed);
	}

	@Test
	void readsBackAnEntryWithAFieldThisVersionNoLongerHas() {
		UUID id = UUID.randomUUID();
		String older = "{\"orderId\":\"" + id + "\",\"status\":\"PENDING\",\"at\":\"2026-11-27T04:00:00Z\",\"gone\":1}";

		assertThat(this.serializer.deserialize(older, Changed.class).orderId()).isEqualTo(id);
	}

	record Changed(UUID orderId, String status, Instant at) {

		public boolean isFinal() {
			return this.status.equals("CONFIRMED");
		}

	}

}
