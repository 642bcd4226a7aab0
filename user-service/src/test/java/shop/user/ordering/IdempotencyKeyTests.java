package shop.user.ordering;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdempotencyKeyTests {

	@Test
	void isOptional() {
		assertThat(IdempotencyKey.ofHeader(null)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "order-2026-11-26/1", "with space inside", "~!@#$%^&*()_+{}|:\"<>?" })
	void acceptsPrintableAscii(String value) {
		assertThat(IdempotencyKey.ofHeader(value).value()).isEqualTo(value);
	}

	@Test
	void acceptsUpToAHundredCharacters() {
		assertThat(IdempotencyKey.ofHeader("k".repeat(100)).value()).hasSize(100);
		assertThatExceptionOfType(InvalidIdempotencyKey.class).isThrownBy(() -> IdempotencyKey.ofHeader("k".repeat(101)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "tab\t", "new\nline", "caf\u00e9", "\u0000" })
	void refusesEmptyBlankAndNonPrintableKeys(String value) {
		assertThatExceptionOfType(InvalidIdempotencyKey.class).isThrownBy(() -> IdempotencyKey.ofHeader(value));
	}

}
