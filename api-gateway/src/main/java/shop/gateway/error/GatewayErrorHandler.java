package shop.gateway.error;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every error the gateway itself produces, as problem+json: no route (404), no healthy instance or an open circuit
 * (503, at once rather than after a hang: the circuit breaker's fallback), a backend that breaks the exchange (502),
 * a backend that does not answer within its route's time limit (504). Errors that a service
 * answered pass through untouched; they are already problem+json.
 */
@Component
@Order(-2)
class GatewayErrorHandler implements ErrorWebExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(GatewayErrorHandler.class);

	private final ProblemResponses problems;

	GatewayErrorHandler(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		HttpStatus status = statusFor(ex);
		if (status.is5xxServerError()) {
			logger.warn("{} {} failed at the gateway: {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), ex.toString());
		}
		return this.problems.write(exchange, status, detailFor(status));
	}

	static HttpStatus statusFor(Throwable ex) {
		// An open circuit, or more calls to one service at once than its bulkhead allows: unavailable right now.
		if (ex instanceof CallNotPermittedException || ex instanceof BulkheadFullException) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		if (ex instanceof ResponseStatusException statusException) {
			HttpStatusCode code = statusException.getStatusCode();
			HttpStatus status = HttpStatus.resolve(code.value());
			return (status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
		}
		// The gateway's own ServiceUnavailableException (open circuit, no instance) and NotFoundException.
		ResponseStatus annotated = AnnotatedElementUtils.findMergedAnnotation(ex.getClass(), ResponseStatus.class);
		if (annotated != null) {
			return annotated.code();
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException) {
				return HttpStatus.GATEWAY_TIMEOUT;
			}
			if (cause instanceof ConnectException) {
				return HttpStatus.SERVICE_UNAVAILABLE;
			}
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// Connected, then the service broke the exchange (closed, reset): a bad answer from upstream.
			if (cause instanceof IOException) {
				return HttpStatus.BAD_GATEWAY;
			}
		}
		return HttpStatus.INTERNAL_SERVER_ERROR;
	}

	static String detailFor(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> "No such resource.";
			case SERVICE_UNAVAILABLE -> "The service behind this path is unavailable. Please retry shortly.";
			case GATEWAY_TIMEOUT -> "The service behind this path did not answer in time.";
			case BAD_GATEWAY -> "The service behind this path gave no valid answer. Please retry shortly.";
			case METHOD_NOT_ALLOWED -> "This method is not allowed here.";
			case CONTENT_TOO_LARGE -> "The request body is too large.";
			case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are too large.";
			default -> status.is5xxServerError() ? "Something went wrong on our side. Please try again later."
					: status.getReasonPhrase() + ".";
		};
	}

}
