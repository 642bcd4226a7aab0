package shop.gateway.error;

import java.net.URI;
import java.time.Duration;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/** Writes RFC 9457 problem details from the gateway, so clients see one error format whoever answered. */
@Component
public class ProblemResponses {

	private final JsonMapper jsonMapper;

	ProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException ex) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		return write(exchange, HttpStatus.UNAUTHORIZED, "A valid bearer token is required.");
	}

	public Mono<Void> forbidden(ServerWebExchange exchange, AccessDeniedException ex) {
		return write(exchange, HttpStatus.FORBIDDEN, "You are not allowed to do this.");
	}

	/** 429 with {@code Retry-After} in whole seconds: when the client may expect its next request to pass. */
	public Mono<Void> tooManyRequests(ServerWebExchange exchange, Duration retryAfter) {
		long seconds = retryAfter(exchange, retryAfter);
		return write(exchange, HttpStatus.TOO_MANY_REQUESTS,
				"Too many requests. Please retry after " + seconds + " s.");
	}

	/** 503 with {@code Retry-After}: the gateway turned the request away before it reached an overloaded service. */
	public Mono<Void> overloaded(ServerWebExchange exchange, Duration retryAfter) {
		long seconds = retryAfter(exchange, retryAfter);
		return write(exchange, HttpStatus.SERVICE_UNAVAILABLE,
				"The shop is busy. Please retry after " + seconds + " s.");
	}

	/** Sets {@code Retry-After} in whole seconds, rounded up, at least 1; returns them. */
	private static long retryAfter(ServerWebExchange exchange, Duration retryAfter) {
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return seconds;
	}

	public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		DataBuffer body = response.bufferFactory().wrap(this.jsonMapper.writeValueAsBytes(problem));
		return response.writeWith(Mono.just(body));
	}

}
