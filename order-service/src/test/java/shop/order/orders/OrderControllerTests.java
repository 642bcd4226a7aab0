package shop.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import shop.order.SecurityConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(OrderController.class)
@Import(SecurityConfiguration.class)
class OrderControllerTests {

	private static final UUID ALICE = UUID.fromString("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");

	private static final UUID BOB = UUID.randomUUID();

	private static final UUID BOOK = UUID.fromString("11111111-2222-4333-8444-555555555555");

	private static final Instant PLACED = Instant.parse("2026-11-26T12:00:00Z");

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private OrderRepository orders;

	@MockitoBean
	private JwtDecoder jwtDecoder;

	@MockitoBean
	private StatusHistory history;

	@MockitoBean
	private OrderCancellation cancellation;

	@Test
	void showsOneOrderWithItsHistory() throws Exception {
		Order order = confirmedOrderOf(ALICE);
		given(this.orders.findByIdAndUserId(order.getId(), ALICE)).willReturn(Optional.of(order));
		given(this.history.of(order.getId())).willReturn(List.of(
				new StatusHistory.Entry(OrderStatus.PENDING, null, PLACED.plusMillis(50)),
				new StatusHistory.Entry(OrderStatus.CONFIRMED, null, PLACED.plusSeconds(1))));

		this.mvc.perform(get("/api/orders/{id}", order.getId()).with(jwt().jwt((token) -> token.subject(ALICE.toString()))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.history.length()").value(2))
			.andExpect(jsonPath("$.history[0].status").value("PENDING"))
			.andExpect(jsonPath("$.history[0].reason").value(nullValue()))
			.andExpect(jsonPath("$.history[0].at").value("2026-11-26T12:00:00.050Z"))
			.andExpect(jsonPath("$.history[1].status").value("CONFIRMED"));
	}

	@Test
	void cancelsOwnOrder() throws Exception {
		Order order = confirmedOrderOf(ALICE);
		order.cancel("SHOPPER_REQUEST", PLACED.plusSeconds(5));
		given(this.cancellation.cancel(order.getId(), ALICE)).willReturn(order);

		this.mvc
			.perform(post("/api/orders/{id}/cancel", order.getId())
				.with(jwt().jwt((token) -> token.subject(ALICE.toString()))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("CANCELLED"))
			.andExpect(jsonPath("$.total").value(39.98));
	}

	@Test
	void cancellingARejectedOrCancelledOrderIsAConflictProblem() throws Exception {
		Order order = pendingOrderOf(ALICE);
		order.reject("INSUFFICIENT_STOCK", PLACED.plusSeconds(1));
		given(this.cancellation.cancel(order.getId(), ALICE)).willAnswer((invocation) -> {
			order.cancel("SHOPPER_REQUEST", PLACED.plusSeconds(5));
			return order;
		});

		this.mvc
			.perform(post("/api/orders/{id}/cancel", order.getId())
				.with(jwt().jwt((token) -> token.subject(ALICE.toString()))))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(409))
			.andExpect(jsonPath("$.title").value("Order cannot be cancelled"));
	}

	@Test
	void cancellingAnotherShoppersOrderIsNotFound() throws Exception {
		UUID id = UUID.randomUUID();
		given(this.cancellation.cancel(id, BOB)).willThrow(new OrderNotFound(id));

		this.mvc.perform(post("/api/orders/{id}/cancel", id).with(jwt().jwt((token) -> token.subject(BOB.toString()))))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Order not found"));
	}

	@Test
	void showsOwnConfirmedOrder() throws Exception {
		Order order = confirmedOrderOf(ALICE);
		given(this.orders.findByIdAndUserId(order.getId(), ALICE)).willReturn(Optional.of(order));

		this.mvc.perform(get("/api/orders/{id}", order.getId()).with(jwt().jwt((token) -> token.subject(ALICE.toString()))))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.id").value(order.getId().toString()))
			.andExpect(jsonPath("$.userId").value(ALICE.toString()))
			.andExpect(jsonPath("$.status").value("CONFIRMED"))
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.items[0].productId").value(BOOK.toString()))
			.andExpect(jsonPath("$.items[0].quantity").value(2))
			.andExpect(jsonPath("$.items[0].unitPrice").value(19.99))
			.andExpect(jsonPath("$.total").value(39.98))
			.andExpect(jsonPath("$.currency").value("EUR"))
			.andExpect(jsonPath("$.rejectionReason").value(nullValue()))
			.andExpect(jsonPath("$.createdAt").value("2026-11-26T12:00:00Z"))
			.andExpect(jsonPath("$.updatedAt").value("2026-11-26T12:00:01Z"))
			.andExpect(jsonPath("$.version").doesNotExist());
	}

	@Test
	void showsPendingOrderWithoutPrices() throws Exception {
		Order order = pendingOrderOf(ALICE);
		given(this.orders.findByIdAndUserId(order.getId(), ALICE)).willReturn(Optional.of(order));

		String body = this.mvc.perform(get("/api/orders/{id}", order.getId()).with(shopper(ALICE)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("PENDING"))
			.andExpect(jsonPath("$.items[0].unitPrice").value(nullValue()))
			.andExpect(jsonPath("$.total").value(nullValue()))
			.andExpect(jsonPath("$.currency").value(nullValue()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		// Null fields are shown, not left out: clients see the whole shape of an order at every stage.
		assertThat(body).contains("\"unitPrice\":null", "\"total\":null", "\"currency\":null",
				"\"rejectionReason\":null");
	}

	@Test
	void anotherShoppersOrderIsNotFound() throws Exception {
		Order order = pendingOrderOf(ALICE);
		given(this.orders.findById(order.getId())).willReturn(Optional.of(order));
		given(this.orders.findByIdAndUserId(order.getId(), ALICE)).willReturn(Optional.of(order));
		given(this.orders.findByIdAndUserId(order.getId(), BOB)).willReturn(Optional.empty());

		this.mvc.perform(get("/api/orders/{id}", order.getId()).with(shopper(BOB)))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(404))
			.andExpect(jsonPath("$.title").value("Order not found"))
			.andExpect(jsonPath("$.detail").value("No order " + order.getId()));
		verify(this.orders).findByIdAndUserId(order.getId(), BOB);
	}

	@Test
	void missingOrderLooksExactlyLikeAnotherShoppersOrder() throws Exception {
		UUID missing = UUID.randomUUID();
		given(this.orders.findByIdAndUserId(any(), any())).willReturn(Optional.empty());

		this.mvc.perform(get("/api/orders/{id}", missing).with(shopper(BOB)))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Order not found"))
			.andExpect(jsonPath("$.detail").value("No order " + missing));
	}

	@Test
	void withoutTokenIsUnauthorizedProblem() throws Exception {
		this.mvc.perform(get("/api/orders/{id}", UUID.randomUUID()))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401));
		this.mvc.perform(get("/api/orders"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		verifyNoInteractions(this.orders);
	}

	@Test
	void invalidTokenIsUnauthorizedProblem() throws Exception {
		given(this.jwtDecoder.decode(anyString())).willThrow(new BadJwtException("expired"));

		this.mvc.perform(get("/api/orders").header("Authorization", "Bearer not.a.token"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		verifyNoInteractions(this.orders);
	}

	@Test
	void badOrderIdIsBadRequestProblem() throws Exception {
		this.mvc.perform(get("/api/orders/{id}", "not-a-uuid").with(shopper(ALICE)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.errors[0].field").value("id"));
		verifyNoInteractions(this.orders);
	}

	@Test
	void listsOwnOrdersNewestFirstAsPagedJson() throws Exception {
		Order newer = confirmedOrderOf(ALICE);
		Order older = pendingOrderOf(ALICE);
		given(this.orders.findByUserId(eq(ALICE), any())).willAnswer((call) -> {
			Pageable pageable = call.getArgument(1);
			return new PageImpl<>(List.of(newer, older), pageable, 42);
		});

		this.mvc.perform(get("/api/orders").param("page", "1").param("size", "2").param("sort", "total,asc")
			.with(shopper(ALICE)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content.length()").value(2))
			.andExpect(jsonPath("$.content[0].id").value(newer.getId().toString()))
			.andExpect(jsonPath("$.content[0].items[0].quantity").value(2))
			.andExpect(jsonPath("$.content[1].id").value(older.getId().toString()))
			.andExpect(jsonPath("$.page.size").value(2))
			.andExpect(jsonPath("$.page.number").value(1))
			.andExpect(jsonPath("$.page.totalElements").value(42))
			.andExpect(jsonPath("$.page.totalPages").value(21))
			.andExpect(jsonPath("$.pageable").doesNotExist());
		// The caller's sort is ignored: always newest first.
		verify(this.orders).findByUserId(ALICE, PageRequest.of(1, 2,
				Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"))));
	}

	@Test
	void pageSizeIsCappedAtOneHundredAndDefaultsToTwenty() throws Exception {
		given(this.orders.findByUserId(eq(ALICE), any()))
			.willAnswer((call) -> new PageImpl<>(List.of(), call.getArgument(1), 0));

		this.mvc.perform(get("/api/orders").param("size", "500").with(shopper(ALICE)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.page.size").value(100));
		this.mvc.perform(get("/api/orders").with(shopper(ALICE)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.page.size").value(20))
			.andExpect(jsonPath("$.page.number").value(0));
	}

	@Test
	void tokenWhoseSubjectIsNotAUserIdOwnsNothing() throws Exception {
		this.mvc.perform(get("/api/orders").with(jwt().jwt((token) -> token.subject("service-account"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content.length()").value(0))
			.andExpect(jsonPath("$.page.totalElements").value(0));
		verifyNoInteractions(this.orders);
	}

	private static org.springframework.test.web.servlet.request.RequestPostProcessor shopper(UUID userId) {
		return jwt().jwt((token) -> token.subject(userId.toString()).claim("roles", List.of("USER")));
	}

	private static Order pendingOrderOf(UUID userId) {
		return Order.place(UUID.randomUUID(), userId, List.of(OrderItem.of(BOOK, 2)), PLACED, PLACED.plusMillis(50));
	}

	private static Order confirmedOrderOf(UUID userId) {
		Order order = pendingOrderOf(userId);
		order.confirm(List.of(new OrderItem(BOOK, 2, new BigDecimal("19.99"))), new BigDecimal("39.98"), "EUR",
				PLACED.plusSeconds(1));
		return order;
	}

}
