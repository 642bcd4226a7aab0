package shop.user;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

import shop.chassis.security.ChassisSecurityAutoConfiguration;
import shop.chassis.web.ChassisWebAutoConfiguration;

/**
 * What a {@code @WebMvcTest} of this service needs beyond the controller: the real security rules and error mapping,
 * and the chassis parts they build on (auto-configurations a web slice does not load by itself).
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ SecurityConfiguration.class, UserServiceExceptionHandler.class })
@ImportAutoConfiguration({ ChassisSecurityAutoConfiguration.class, ChassisWebAutoConfiguration.class })
public class WebSliceTestConfiguration {

}
