package shop.chassis.security;

import java.net.URI;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How services recognise the shop's access tokens.
 *
 * @param jwksUri where user-service publishes its public keys
 * @param issuer the {@code iss} every token must carry
 * @param audience the value every token's {@code aud} must contain
 */
@Validated
@ConfigurationProperties("shop.security")
public record ShopSecurityProperties(@NotNull URI jwksUri, @NotBlank String issuer, @NotBlank String audience) {
}
