package shop.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShopFactsTests {

	@Test
	void readsAcksAndLingerFromTheProducerConfigAndNamesTheClientDefaultOtherwise() {
		String yaml = """
				spring:
				  kafka:
				    producer:
				      acks: all
				""";
		assertThat(ShopFacts.producerSettings(yaml)).isEqualTo("acks=all, linger.ms=5 (default)");
		assertThat(ShopFacts.producerSettings(yaml + "      properties:\n        linger.ms: 20\n"))
			.isEqualTo("acks=all, linger.ms=20");
	}

}
