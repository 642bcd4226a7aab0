package shop.user;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import shop.chassis.web.FieldMessage;
import shop.chassis.web.ProblemDetailsAdvice;
import shop.user.account.AccountNotFound;
import shop.user.account.EmailAlreadyRegistered;
import shop.user.auth.InvalidCredentials;
import shop.user.auth.TooManySignIns;
import shop.user.ordering.IdempotencyKeyReused;
import shop.user.ordering.InvalidIdempotencyKey;
import shop.user.ordering.OrderRefused;

/** user-service's domain errors as RFC 9457 problems; Spring MVC's own errors are the chassis advice's. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UserServiceExceptionHandler {

	@ExceptionHandler
	ProblemDetail emailAlreadyRegistered(EmailAlreadyRegistered ex) {
		return problem(HttpStatus.CONFLICT, "E-mail already registered", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail accountNotFound(AccountNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "Account not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidCredentials(InvalidCredentials ex) {
		return problem(HttpStatus.UNAUTHORIZED, "Invalid credentials", InvalidCredentials.DETAIL);
	}

	@ExceptionHandler
	ProblemDetail invalidIdempotencyKey(InvalidIdempotencyKey ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request",
				"The request is not valid: see 'errors' for each field.");
		problem.setProperty(ProblemDetailsAdvice.ERRORS,
				List.of(new FieldMessage(InvalidIdempotencyKey.FIELD, InvalidIdempotencyKey.MESSAGE)));
		return problem;
	}

	@ExceptionHandler
	ProblemDetail idempotencyKeyReused(IdempotencyKeyReused ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused", ex.getMessage());
	}

	/** The same answer whether or not the address has an account; {@code Retry-After} says when to try again. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManySignIns(TooManySignIns ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many sign-ins", TooManySignIns.DETAIL));
	}

	@ExceptionHandler
	ProblemDetail orderRefused(OrderRefused ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Order refused",
				"Some lines cannot be served: see 'errors' for each of them. Nothing was ordered.");
		problem.setProperty(ProblemDetailsAdvice.ERRORS,
				ex.lines().stream().map((line) -> new FieldMessage(line.field(), line.message())).toList());
		return problem;
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
