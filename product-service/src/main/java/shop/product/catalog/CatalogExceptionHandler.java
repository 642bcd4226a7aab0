package shop.product.catalog;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The catalog's refusals as problem+json. Runs before the chassis advice, which answers everything Spring MVC itself
 * raises (malformed JSON, bean validation, bad path variables) in the same shape.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CatalogExceptionHandler {

	@ExceptionHandler
	ProblemDetail productNotFound(ProductNotFound ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No product with id " + ex.id() + ".");
		problem.setTitle("Product not found");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail duplicateSku(DuplicateSku ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"A product with SKU '" + ex.sku() + "' exists already (SKUs are compared regardless of case).");
		problem.setTitle("Duplicate SKU");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidProductChange(InvalidProductChange ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid product change");
		problem.setProperty("errors", ex.violations());
		return problem;
	}

}
