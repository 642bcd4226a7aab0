package shop.chassis.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers the shared problem+json advice in servlet services. It runs before Boot's web MVC auto-configuration so
 * that Boot's own {@code ProblemDetailsExceptionHandler} (with {@code spring.mvc.problemdetails.enabled=true}) sees
 * this advice and backs off, instead of winning and dropping the field-level {@code errors} list. Also limits the size
 * of request bodies ({@link RequestBodyLimit}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ShopWebProperties.class)
public class ChassisWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestBodyLimit requestBodyLimit(ShopWebProperties properties, JsonMapper jsonMapper) {
		return new RequestBodyLimit(properties.maxRequestBody(), properties.maxRequestHeaders(), jsonMapper);
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemDetailsAdvice problemDetailsAdvice() {
		return new ProblemDetailsAdvice();
	}

}
