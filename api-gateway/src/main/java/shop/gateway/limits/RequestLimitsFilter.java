package shop.gateway.limits;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import shop.gateway.GatewayProperties;
import shop.gateway.error.ProblemResponses;

/**
 * Refuses oversized requests before anything else looks at them (also before the token check): headers larger than
 * {@code max-header-size} with 431, a body larger than {@code max-body-size} with 413, both as problem+json. A
 * declared {@code Content-Length} is refused at once; a chunked body is read first, counted, and stopped when it
 * passes the limit. Netty's own header limit ({@code server.max-http-request-header-size}) is set higher and only
 * catches what is far too large to parse, with Netty's bare 431.
 */
@Component
@Order(-200)
class RequestLimitsFilter implements WebFilter {

	private final long maxBody;

	private final long maxHeaders;

	private final ProblemResponses problems;

	RequestLimitsFilter(GatewayProperties properties, ProblemResponses problems) {
		this.maxBody = properties.requestLimits().maxBodySize().toBytes();
		this.maxHeaders = properties.requestLimits().maxHeaderSize().toBytes();
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (headerBytes(request) > this.maxHeaders) {
			return this.problems.write(exchange, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
					"The request headers are larger than " + this.maxHeaders + " bytes.");
		}
		long declared = request.getHeaders().getContentLength();
		if (declared > this.maxBody) {
			return tooLarge(exchange);
		}
		if (declared >= 0 || !request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			// A declared length was checked above; with neither header there is no body (every GET).
			return chain.filter(exchange);
		}
		ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				AtomicLong seen = new AtomicLong();
				return super.getBody().handle((buffer, sink) -> {
					if (seen.addAndGet(buffer.readableByteCount()) > RequestLimitsFilter.this.maxBody) {
						DataBufferUtils.release(buffer);
						sink.error(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE));
					}
					else {
						sink.next(buffer);
					}
				});
			}
		};
		// The chunked body is read here, up to the limit, so an oversized one is refused before a service sees any of
		// it; the routes send this copy (a retried request sends it again).
		return ServerWebExchangeUtils
			.cacheRequestBody(exchange.mutate().request(counted).build(),
					(cached) -> chain.filter(exchange.mutate().request(cached).build()))
			.doFinally((signal) -> ServerWebExchangeUtils.clearCachedRequestBody(exchange));
	}

	private Mono<Void> tooLarge(ServerWebExchange exchange) {
		return this.problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than " + this.maxBody + " bytes.");
	}

	/**
	 * Header names and values as sent on the wire, with ": " and CRLF per line. The HTTP decoder made each byte of a
	 * header one char (ISO-8859-1), so a string's length is its size on the wire: encoding it again (to UTF-8) would
	 * count a byte above 127 twice, and copy every header of every request to count it.
	 */
	static long headerBytes(ServerHttpRequest request) {
		long total = 0;
		for (Map.Entry<String, List<String>> header : request.getHeaders().headerSet()) {
			int name = header.getKey().length();
			for (String value : header.getValue()) {
				total += name + value.length() + 4;
			}
		}
		return total;
	}

}
