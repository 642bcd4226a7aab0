package shop.user.ordering;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** No product appears on two lines of one order (ids compared regardless of letter case). */
@Documented
@Constraint(validatedBy = DistinctProducts.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@interface DistinctProducts {

	String message() default "must not contain the same productId more than once";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Lines without a product id are left to their own {@code @NotNull}. */
	class Validator implements ConstraintValidator<DistinctProducts, List<PlaceOrderRequest.Item>> {

		@Override
		public boolean isValid(List<PlaceOrderRequest.Item> items, ConstraintValidatorContext context) {
			if (items == null) {
				return true;
			}
			Set<String> seen = new HashSet<>();
			return items.stream()
				.filter(Objects::nonNull)
				.map(PlaceOrderRequest.Item::productId)
				.filter(Objects::nonNull)
				.allMatch((id) -> seen.add(id.toLowerCase(Locale.ROOT)));
		}

	}

}
