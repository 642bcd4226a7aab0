package shop.gateway.tracing;

import java.util.List;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.stereotype.Component;

import shop.gateway.GatewayProperties;

/**
 * The gateway is where traces start. A client's trace headers are dropped before anything sees them, so the server
 * observation opens a fresh trace under the gateway's own sampling: otherwise any client could force 100 % sampling
 * with {@code traceparent: ...-01} (exporter and storage cost) or plant trace ids of its choosing.
 *
 * <p>
 * An {@link HttpHandlerDecoratorFactory} wraps the whole WebFlux handler, including the HTTP server observation
 * (started by the {@code HttpWebHandlerAdapter}, before any {@code WebFilter}): a web filter would run too late.
 * {@code shop.gateway.trust-incoming-trace-context=true} keeps the headers (a trusted proxy in front sets them).
 */
@Component
public class IncomingTraceContextPolicy implements HttpHandlerDecoratorFactory {

	/** W3C trace context and both B3 forms: every propagation format a client could use to join a trace. */
	static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate", "b3", "X-B3-TraceId",
			"X-B3-SpanId", "X-B3-ParentSpanId", "X-B3-Sampled", "X-B3-Flags", "baggage");

	private final boolean trustIncoming;

	public IncomingTraceContextPolicy(GatewayProperties properties) {
		this.trustIncoming = properties.trustIncomingTraceContext();
	}

	@Override
	public HttpHandler apply(HttpHandler handler) {
		if (this.trustIncoming) {
			return handler;
		}
		return (request, response) -> {
			if (TRACE_HEADERS.stream().noneMatch(request.getHeaders()::containsHeader)) {
				return handler.handle(request, response);
			}
			return handler.handle(request.mutate().headers((headers) -> TRACE_HEADERS.forEach(headers::remove)).build(),
					response);
		};
	}

}
