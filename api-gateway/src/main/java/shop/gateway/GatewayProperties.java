package shop.gateway;

import java.net.URI;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway checks tokens at the edge.
 *
 * @param jwksUri user-service's key set; a host name that is a service id ({@code http://user-service/...}) is
 * resolved through service discovery, so the gateway finds the keys wherever user-service runs
 * @param issuer the {@code iss} every token must carry
 * @param audience the value every token's {@code aud} must contain
 */
@Validated
@ConfigurationProperties("shop.gateway")
public record GatewayProperties(@NotNull URI jwksUri, @NotBlank String issuer, @NotBlank String audience) {
}
