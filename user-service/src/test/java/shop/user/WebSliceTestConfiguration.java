package shop.user;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} of this service needs beyond the controller: its real security rules and its error
 * mapping. (The chassis parts they build on come with the slice: the chassis registers them for web MVC tests.)
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ SecurityConfiguration.class, UserServiceExceptionHandler.class })
public class WebSliceTestConfiguration {

}
