package shop.gateway.error;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayErrorHandlerTests {

	@Test
	void anOpenCircuitIsServiceUnavailable() {
		CircuitBreaker breaker = CircuitBreaker.ofDefaults("backend");
		breaker.transitionToOpenState();
		assertThat(GatewayErrorHandler.statusFor(CallNotPermittedException.createCallNotPermittedException(breaker)))
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void aFullBulkheadIsServiceUnavailable() {
		assertThat(GatewayErrorHandler
			.statusFor(BulkheadFullException.createBulkheadFullException(Bulkhead.ofDefaults("backend"))))
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void aRefusedConnectionIsServiceUnavailableAndASilentBackendATimeout() {
		assertThat(GatewayErrorHandler.statusFor(new IllegalStateException(new ConnectException("refused"))))
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(GatewayErrorHandler.statusFor(new TimeoutException())).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
	}

	@Test
	void theGatewaysOwnUnavailableExceptionIsServiceUnavailable() {
		assertThat(GatewayErrorHandler.statusFor(new ServiceUnavailableException()))
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void aConnectionBrokenByTheServiceIsBadGateway() {
		assertThat(GatewayErrorHandler.statusFor(new IllegalStateException(new IOException("reset"))))
			.isEqualTo(HttpStatus.BAD_GATEWAY);
	}

	@Test
	void keepsTheStatusOfAResponseStatusException() {
		assertThat(GatewayErrorHandler.statusFor(new ResponseStatusException(HttpStatus.NOT_FOUND)))
			.isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(GatewayErrorHandler.statusFor(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE)))
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
	}

	@Test
	void neverLeaksDetailsOfAnUnexpectedError() {
		assertThat(GatewayErrorHandler.statusFor(new IllegalStateException("secret")))
			.isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(GatewayErrorHandler.detailFor(HttpStatus.INTERNAL_SERVER_ERROR)).doesNotContain("secret");
	}

}
