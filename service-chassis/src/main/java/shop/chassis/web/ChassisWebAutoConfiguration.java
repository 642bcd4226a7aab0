package shop.chassis.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Registers the shared problem+json advice in servlet services. It runs before Boot's web MVC auto-configuration so
 * that Boot's own {@code ProblemDetailsExceptionHandler} (with {@code spring.mvc.problemdetails.enabled=true}) sees
 * this advice and backs off, instead of winning and dropping the field-level {@code errors} list.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ChassisWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemDetailsAdvice problemDetailsAdvice() {
		return new ProblemDetailsAdvice();
	}

}
