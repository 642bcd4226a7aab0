package shop.user.ordering;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import shop.user.WebSliceTestConfiguration;

import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(OrderController.class)
@Import(WebSliceTestConfiguration.class)
class OrderControllerTests {

	private static final UUID SHOPPER = UUID.fromString("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");

	private static final UUID PRODUCT = UUID.fromString("11111111-2222-4333-8444-555555555555");

	private static final UUID OTHER_PRODUCT = UUID.fromString("66666666-7777-4888-9999-aaaaaaaaaaaa");

	@Autowired
	MockMvc mvc;

	@MockitoBean
	OrderPlacement placement;

	@MockitoBean
	ProductCheck productCheck;

	@Test
	void acceptsAnOrderForTheTokensSubject() throws Exception {
		UUID orderId = UUID.randomUUID();
		given(this.placement.place(eq(SHOPPER), isNull(),
				eq(List.of(new OrderLine(PRODUCT, 2), new OrderLine(OTHER_PRODUCT, 1)))))
			.willReturn(new PlacedOrder(orderId, false));

		this.mvc.perform(order("""
				{"items": [{"productId": "%s", "quantity": 2}, {"productId": "%s", "quantity": 1}]}"""
			.formatted(PRODUCT, OTHER_PRODUCT)))
			.andExpect(status().isAccepted())
			.andExpect(header().string("Location", "/api/orders/" + orderId))
			.andExpect(header().string("Idempotent-Replayed", "false"))
			.andExpect(jsonPath("$.orderId").value(orderId.toString()))
			.andExpect(jsonPath("$.status").value("PENDING"));
	}

	@Test
	void refusesWith422WhatTheProductCheckRefusesAndPlacesNothing() throws Exception {
		willThrow(new OrderRefused(List.of(new OrderRefused.Line("items[0].productId", "no such product"))))
			.given(this.productCheck)
			.requireServable(eq(SHOPPER), isNull(), eq(List.of(new OrderLine(PRODUCT, 1))));

		this.mvc.perform(order("""
				{"items": [{"productId": "%s", "quantity": 1}]}""".formatted(PRODUCT)))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Order refused"))
			.andExpect(jsonPath("$.errors[0].field").value("items[0].productId"))
			.andExpect(jsonPath("$.errors[0].message").value("no such product"));
		verify(this.placement, never()).place(any(), any(), any());
	}

	@Test
	void refusesPropertiesTheShopperMayNotSetAndPlacesNothing() throws Exception {
		for (String property : List.of("\"userId\": \"%s\"".formatted(UUID.randomUUID()), "\"status\": \"CONFIRMED\"",
				"\"total\": 0.01", "\"orderId\": \"%s\"".formatted(UUID.randomUUID()))) {
			String name = property.substring(1, property.indexOf('"', 1));
			this.mvc.perform(order("""
					{%s, "items": [{"productId": "%s", "quantity": 1}]}""".formatted(property, PRODUCT)))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.errors[0].field").value(name))
				.andExpect(jsonPath("$.errors[0].message").value("is not a property that can be set here"));
		}
		this.mvc.perform(order("""
				{"items": [{"productId": "%s", "quantity": 1, "unitPrice": 0.01}]}""".formatted(PRODUCT)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("items[0].unitPrice"));
		verify(this.placement, never()).place(any(), any(), any());
	}

	@Test
	void passesTheIdempotencyKeyOnAndSaysWhenAnAnswerIsReplayed() throws Exception {
		UUID orderId = UUID.randomUUID();
		given(this.placement.place(eq(SHOPPER), eq(new IdempotencyKey("key-1")), any()))
			.willReturn(new PlacedOrder(orderId, true));

		this.mvc.perform(order(oneLine(PRODUCT, 1)).header("Idempotency-Key", "key-1"))
			.andExpect(status().isAccepted())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.orderId").value(orderId.toString()));
	}

	@Test
	void answers422WhenTheKeyWasUsedForAnotherOrder() throws Exception {
		given(this.placement.place(eq(SHOPPER), eq(new IdempotencyKey("key-1")), any()))
			.willThrow(new IdempotencyKeyReused());

		this.mvc.perform(order(oneLine(PRODUCT, 1)).header("Idempotency-Key", "key-1"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Idempotency key reused"));
	}

	@Test
	void requiresAToken() throws Exception {
		this.mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(oneLine(PRODUCT, 1)))
			.andExpect(status().isUnauthorized());
		verify(this.placement, never()).place(any(), any(), any());
	}

	@Test
	void rejectsAnOrderWithoutItems() throws Exception {
		expectFieldError("{}", "items", "must not be null");
		expectFieldError("{\"items\": []}", "items", "size must be between 1 and 50");
	}

	@Test
	void rejectsMoreThanFiftyLines() throws Exception {
		String lines = IntStream.range(0, 51)
			.mapToObj((i) -> "{\"productId\": \"%s\", \"quantity\": 1}".formatted(UUID.randomUUID()))
			.collect(Collectors.joining(","));
		expectFieldError("{\"items\": [" + lines + "]}", "items", "size must be between 1 and 50");
	}

	@Test
	void rejectsTheSameProductOnTwoLines() throws Exception {
		expectFieldError("""
				{"items": [{"productId": "%s", "quantity": 1}, {"productId": "%s", "quantity": 2}]}"""
			.formatted(PRODUCT, PRODUCT.toString().toUpperCase()), "items",
				"must not contain the same productId more than once");
	}

	@Test
	void rejectsQuantitiesOutsideOneToAThousand() throws Exception {
		expectFieldError(oneLine(PRODUCT, 0), "items[0].quantity", "must be greater than or equal to 1");
		expectFieldError(oneLine(PRODUCT, 1001), "items[0].quantity", "must be less than or equal to 1000");
		expectFieldError("""
				{"items": [{"productId": "%s"}]}""".formatted(PRODUCT), "items[0].quantity", "must not be null");
	}

	@Test
	void rejectsAProductIdThatIsNotAUuid() throws Exception {
		expectFieldError("""
				{"items": [{"productId": "%s", "quantity": 1}, {"productId": "banana", "quantity": 1}]}"""
			.formatted(PRODUCT), "items[1].productId", "must be a UUID");
		expectFieldError("""
				{"items": [{"quantity": 1}]}""", "items[0].productId", "must not be null");
	}

	@Test
	void rejectsANullLine() throws Exception {
		expectFieldError("{\"items\": [null]}", "items[0]", "must not be null");
	}

	@Test
	void rejectsAnEmptyOrOverlongOrNonPrintableIdempotencyKey() throws Exception {
		expectKeyRejected("");
		expectKeyRejected("k".repeat(101));
		expectKeyRejected("tab\there");
		expectKeyRejected("   ");
	}

	@Test
	void acceptsAHundredCharacterIdempotencyKey() throws Exception {
		given(this.placement.place(eq(SHOPPER), any(), any())).willReturn(new PlacedOrder(UUID.randomUUID(), false));

		this.mvc.perform(order(oneLine(PRODUCT, 1)).header("Idempotency-Key", "k".repeat(100)))
			.andExpect(status().isAccepted());
	}

	private void expectKeyRejected(String key) throws Exception {
		this.mvc.perform(order(oneLine(PRODUCT, 1)).header("Idempotency-Key", key))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors", hasSize(1)))
			.andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"))
			.andExpect(jsonPath("$.errors[0].message").value("must be 1 to 100 printable ASCII characters"));
		verify(this.placement, never()).place(any(), any(), any());
	}

	private void expectFieldError(String body, String field, String message) throws Exception {
		ResultActions result = this.mvc.perform(order(body))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors", hasSize(1)))
			.andExpect(jsonPath("$.errors[0].field").value(field))
			.andExpect(jsonPath("$.errors[0].message").value(message));
		result.andReturn();
		verify(this.placement, never()).place(any(), any(), any());
	}

	private static MockHttpServletRequestBuilder order(String body) {
		return post("/api/orders").contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.with(jwt().jwt((token) -> token.subject(SHOPPER.toString()))
				.authorities(new SimpleGrantedAuthority("ROLE_USER")));
	}

	private static String oneLine(UUID product, int quantity) {
		return "{\"items\": [{\"productId\": \"%s\", \"quantity\": %d}]}".formatted(product, quantity);
	}

}
