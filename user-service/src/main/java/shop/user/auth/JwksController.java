package shop.user.auth;

import java.time.Duration;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the public half of the signing key, for every service that validates the shop's tokens. */
@RestController
@Tag(name = "Tokens")
class JwksController {

	private final Map<String, Object> jwks;

	JwksController(TokenSigningKey signingKey) {
		this.jwks = signingKey.publicJwks().toJSONObject(true);
	}

	@Operation(summary = "The public keys that verify the shop's tokens (a JWK Set)")
	@GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> jwks() {
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()).body(this.jwks);
	}

}
