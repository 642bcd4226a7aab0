package shop.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Part of {@link ShopTestInfrastructure}: every test context that imports it runs with
 * {@code spring.cloud.consul.enabled=false}, so integration tests need a database and a broker but never a Consul
 * agent (the services register in Consul by default). The property is added before the context refreshes, where the
 * Consul auto-configuration's conditions see it; a {@code DynamicPropertyRegistrar} bean would come too late. A
 * test's own {@code properties} or {@code @TestPropertySource} still win.
 */
class NoServiceDiscoveryCustomizerFactory implements ContextCustomizerFactory {

	static final String PROPERTY_SOURCE_NAME = "shopTestInfrastructureDiscovery";

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
			if (importsShopTestInfrastructure(type)) {
				return new NoServiceDiscovery();
			}
		}
		return null;
	}

	private static boolean importsShopTestInfrastructure(Class<?> type) {
		return MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY)
			.stream(Import.class)
			.anyMatch((imported) -> Arrays.asList(imported.getClassArray("value"))
				.contains(ShopTestInfrastructure.class));
	}

	/** Adds {@code spring.cloud.consul.enabled=false} just below the test's inlined properties. */
	static final class NoServiceDiscovery implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			MapPropertySource discoveryOff = new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of("spring.cloud.consul.enabled", "false"));
			String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
			if (sources.contains(inlined)) {
				sources.addAfter(inlined, discoveryOff);
			}
			else {
				sources.addFirst(discoveryOff);
			}
		}

		@Override
		public boolean equals(Object other) {
			return other != null && other.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return getClass().hashCode();
		}

	}

}
