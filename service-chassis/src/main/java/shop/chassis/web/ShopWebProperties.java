package shop.chassis.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Web limits every service applies.
 *
 * @param maxRequestBody the largest request body accepted (larger: 413); the shop's largest legitimate body, an order
 * of 50 lines, is about 4 KB
 * @param maxRequestHeaders the largest total of request headers accepted (larger: 431); Tomcat's own limit
 * ({@code server.max-http-request-header-size}) must be higher, or Tomcat answers a bare 400 first
 */
@ConfigurationProperties("shop.web")
public record ShopWebProperties(@DefaultValue("64KB") DataSize maxRequestBody,
		@DefaultValue("8KB") DataSize maxRequestHeaders) {
}
