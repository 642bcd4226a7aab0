package shop.gateway.ratelimit;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

/**
 * Whom a request is counted against: the subject of its token, which the edge has validated (signature, issuer,
 * audience, expiry), else the address the connection came from. Never a header the client could set: a limit keyed
 * on {@code X-User-Id} or {@code X-Forwarded-For} is a limit the client chooses.
 */
final class ClientKeys {

	private ClientKeys() {
	}

	static Mono<String> of(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((principal) -> "user:" + ((JwtAuthenticationToken) principal).getToken().getSubject())
			.switchIfEmpty(Mono.fromSupplier(() -> "client:" + address(exchange)));
	}

	private static String address(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

}
