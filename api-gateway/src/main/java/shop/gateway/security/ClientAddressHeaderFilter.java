package shop.gateway.security;

import java.net.InetSocketAddress;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells the services who the client is, in the one form they trust: {@code X-Forwarded-For} set to the address this
 * gateway's connection came from, replacing whatever the client sent, and no {@code Forwarded} or
 * {@code X-Real-IP} from the client. (Spring Cloud Gateway strips the client's forwarding headers when no trusted
 * proxy is configured, but then adds none, so every request would seem to come from the gateway itself: user-service's
 * per-client sign-in limit would count all clients as one.)
 */
@Component
class ClientAddressHeaderFilter implements HttpHeadersFilter, Ordered {

	static final String X_FORWARDED_FOR = "X-Forwarded-For";

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		// copyOf copies the backing map directly; forEach first builds a case-insensitive view of every name.
		HttpHeaders headers = HttpHeaders.copyOf(input);
		headers.remove("Forwarded");
		headers.remove("X-Real-IP");
		headers.remove(X_FORWARDED_FOR);
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote != null && remote.getAddress() != null) {
			headers.set(X_FORWARDED_FOR, remote.getAddress().getHostAddress());
		}
		return headers;
	}

	/** After Spring's own header filters, which would remove the header again. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
