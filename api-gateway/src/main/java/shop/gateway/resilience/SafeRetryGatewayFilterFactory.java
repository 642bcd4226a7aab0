package shop.gateway.resilience;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The {@code SafeRetry} filter: Spring Cloud Gateway's Retry, but only for requests that may be sent twice. GET and
 * HEAD change nothing; a POST changes something, so it is retried only when it carries an {@code Idempotency-Key}
 * (the service answers a replay with the first result instead of acting again). PUT, PATCH and DELETE are never
 * retried here. The plain {@code Retry} filter can only choose by method, which would either retry every POST or
 * none.
 */
@Component
class SafeRetryGatewayFilterFactory extends AbstractGatewayFilterFactory<RetryConfig> {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	SafeRetryGatewayFilterFactory() {
		super(RetryConfig.class);
	}

	@Override
	public GatewayFilter apply(RetryConfig config) {
		// As Spring's Retry does: a retried request needs its body again, so the route caches it.
		enableBodyCaching(config.getRouteId());
		config.setMethods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST);
		GatewayFilter retry = new RetryGatewayFilterFactory().apply(config);
		return (exchange, chain) -> mayRepeat(exchange.getRequest()) ? retry.filter(exchange, chain)
				: chain.filter(exchange);
	}

	static boolean mayRepeat(ServerHttpRequest request) {
		HttpMethod method = request.getMethod();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
			return true;
		}
		String key = request.getHeaders().getFirst(IDEMPOTENCY_KEY);
		return HttpMethod.POST.equals(method) && key != null && !key.isBlank();
	}

}
