package shop.chassis.outbox;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.events.core.EventSerializer;

/**
 * The outbox's serializer ({@link TolerantEventSerializer}) in place of Spring Modulith's, which reads entries back
 * with the application's own, strict mapper.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		beforeName = "org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration")
@ConditionalOnClass({ EventSerializer.class, JsonMapper.class })
public class ChassisOutboxSerializationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventSerializer shopEventSerializer(ObjectProvider<JsonMapper> mapper) {
		return new TolerantEventSerializer(mapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

}
