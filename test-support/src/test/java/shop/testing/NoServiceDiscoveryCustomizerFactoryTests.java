package shop.testing;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;

class NoServiceDiscoveryCustomizerFactoryTests {

	private final NoServiceDiscoveryCustomizerFactory factory = new NoServiceDiscoveryCustomizerFactory();

	@Test
	void turnsConsulOffForTestsThatImportTheInfrastructure() {
		ContextCustomizer customizer = this.factory.createContextCustomizer(WithInfrastructure.class, List.of());
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("application.yml", Map.of("spring.cloud.consul.enabled", "true")));

		customizer.customizeContext(context, null);

		assertThat(context.getEnvironment().getProperty("spring.cloud.consul.enabled")).isEqualTo("false");
	}

	@Test
	void leavesATestsOwnPropertiesInCharge() {
		ContextCustomizer customizer = this.factory.createContextCustomizer(WithInfrastructure.class, List.of());
		GenericApplicationContext context = new GenericApplicationContext();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context, "spring.cloud.consul.enabled=true");

		customizer.customizeContext(context, null);

		assertThat(context.getEnvironment().getProperty("spring.cloud.consul.enabled")).isEqualTo("true");
	}

	@Test
	void findsTheImportOnSuperclassesAndEnclosingClasses() {
		assertThat(this.factory.createContextCustomizer(InheritsInfrastructure.class, List.of())).isNotNull();
		assertThat(this.factory.createContextCustomizer(WithInfrastructure.Inner.class, List.of())).isNotNull();
	}

	@Test
	void staysOutOfOtherTests() {
		assertThat(this.factory.createContextCustomizer(WithoutInfrastructure.class, List.of())).isNull();
	}

	@Test
	void keepsTheContextCacheKeyStable() {
		assertThat(this.factory.createContextCustomizer(WithInfrastructure.class, List.of()))
			.isEqualTo(this.factory.createContextCustomizer(InheritsInfrastructure.class, List.of()))
			.hasSameHashCodeAs(this.factory.createContextCustomizer(InheritsInfrastructure.class, List.of()));
	}

	@Import(ShopTestInfrastructure.class)
	static class WithInfrastructure {

		@Nested
		class Inner {

		}

	}

	static class InheritsInfrastructure extends WithInfrastructure {

	}

	static class WithoutInfrastructure {

	}

}
