package shop.chassis.web;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns Spring MVC's own errors into RFC 9457 problem details, with a field-level {@code errors} list for bad input.
 * Ordered last: a service's own advice maps its domain exceptions first. Nothing from an exception's message reaches
 * the client unless we wrote that message.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	/** The problem+json property that lists field-level messages. */
	public static final String ERRORS = "errors";

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldMessage> errors = Stream
			.concat(ex.getBindingResult().getFieldErrors().stream().map(ProblemDetailsAdvice::toFieldMessage),
					ex.getBindingResult()
						.getGlobalErrors()
						.stream()
						.map((error) -> new FieldMessage(error.getObjectName(), error.getDefaultMessage())))
			.sorted(Comparator.comparing(FieldMessage::field))
			.toList();
		return badRequest(errors, headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldMessage> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldMessage(fieldName(result, error), error.getDefaultMessage())))
			.sorted(Comparator.comparing(FieldMessage::field))
			.toList();
		return badRequest(errors, headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof RequestBodyLimit.TooLarge tooLarge) {
				ProblemDetail problem = RequestBodyLimit.tooLarge(tooLarge.maxBytes);
				return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
			}
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return badRequest(List.of(new FieldMessage(path(unknown), "is not a property that can be set here")),
					headers, request);
		}
		if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
			return badRequest(List.of(new FieldMessage(path((DatabindException) cause), "has the wrong type or format")),
					headers, request);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is missing or is not valid JSON.");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		return badRequest(List.of(new FieldMessage(name, "has the wrong type or format")), headers, request);
	}

	/** Validation of {@code @Validated} beans outside the web layer, when it reaches a controller. */
	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
		List<FieldMessage> errors = ex.getConstraintViolations()
			.stream()
			.map((violation) -> new FieldMessage(violation.getPropertyPath().toString(), violation.getMessage()))
			.sorted(Comparator.comparing(FieldMessage::field))
			.toList();
		return badRequest(errors, new HttpHeaders(), request);
	}

	/** Anything unexpected: logged with its stack here, answered without any of it. */
	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) throws Exception {
		if (ex instanceof org.springframework.security.access.AccessDeniedException
				|| ex instanceof org.springframework.security.core.AuthenticationException) {
			// Let Spring Security's own handlers answer (problem+json 401/403 from the chassis).
			throw ex;
		}
		logger.error("Unexpected error on {}", request.getDescription(false), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on our side. Please try again later.");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	private ResponseEntity<Object> badRequest(List<FieldMessage> errors, HttpHeaders headers, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request is not valid: see 'errors' for each field.");
		problem.setTitle("Invalid request");
		problem.setProperty(ERRORS, errors);
		return handleExceptionInternal(new IllegalArgumentException(), problem, headers, HttpStatus.BAD_REQUEST,
				request);
	}

	private static FieldMessage toFieldMessage(FieldError error) {
		String message = error.isBindingFailure() ? "has the wrong type or format" : error.getDefaultMessage();
		return new FieldMessage(error.getField(), message);
	}

	private static String fieldName(ParameterValidationResult result, MessageSourceResolvable error) {
		if (error instanceof FieldError fieldError) {
			return fieldError.getField();
		}
		String name = result.getMethodParameter().getParameterName();
		return (name != null) ? name : "parameter" + result.getMethodParameter().getParameterIndex();
	}

	/** The JSON path of a databind error as a client writes it: {@code items[0].quantity}. */
	private static String path(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (var reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

}
