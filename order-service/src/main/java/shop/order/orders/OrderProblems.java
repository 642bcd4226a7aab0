package shop.order.orders;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the service's domain exceptions to problem details, ahead of the chassis' generic handler. */
@RestControllerAdvice
@org.springframework.core.annotation.Order(Ordered.HIGHEST_PRECEDENCE)
class OrderProblems {

	@ExceptionHandler
	ProblemDetail orderNotFound(OrderNotFound ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Order not found");
		return problem;
	}

	// Only the cancel endpoint changes an order over HTTP: a refused transition is a conflict with its status.
	@ExceptionHandler
	ProblemDetail transitionRefused(OrderTransitionRefused ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Order cannot be cancelled");
		return problem;
	}

}
