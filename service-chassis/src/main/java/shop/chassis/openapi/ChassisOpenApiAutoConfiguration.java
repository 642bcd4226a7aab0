package shop.chassis.openapi;

import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * What every service's OpenAPI document has in common, active only where springdoc is on the classpath: the bearer
 * token scheme, the problem+json error schema on every error response, who may call each operation (read from the
 * service's own security rules, so the document cannot drift from them), and a relative server URL that sends "Try
 * it out" through the gateway that served the document.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ChassisOpenApiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ShopOpenApiCustomizer shopOpenApiCustomizer(Environment environment,
			ObjectProvider<WebInvocationPrivilegeEvaluator> privileges) {
		return new ShopOpenApiCustomizer(environment.getProperty("spring.application.name", "shop service"),
				environment.getProperty("shop.openapi.description", ""), new AccessRules(privileges));
	}

	@Bean
	@ConditionalOnMissingBean
	RelativeServerUrl relativeServerUrl() {
		return new RelativeServerUrl();
	}

}
