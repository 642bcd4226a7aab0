package shop.gateway.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import org.springframework.web.server.session.WebSessionStore;

import shop.gateway.EdgeContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the edge does not do per request (each cost every request, see {@link EdgeSecurityConfiguration}): keep
 * state (neither a public read nor a call with a token creates a WebSession), observe each security filter.
 */
class StatelessEdgeTests extends EdgeContext {

	@Autowired
	WebSessionManager sessions;

	@Autowired
	MeterRegistry meters;

	@Test
	void noRequestCreatesAWebSession() {
		DefaultWebSessionManager manager = (DefaultWebSessionManager) this.sessions;
		WebSessionStore store = manager.getSessionStore();
		AtomicInteger created = new AtomicInteger();
		manager.setSessionStore(new CountingStore(store, created));
		try {
			this.client.get().uri("/api/products").exchange().expectStatus().isOk();
			getOrdersWithAGoodToken();
		}
		finally {
			manager.setSessionStore(store);
		}
		assertThat(created).as("WebSessions created").hasValue(0);
	}

	@Test
	void securityFiltersAreNotObservedOneByOne() {
		this.client.get().uri("/api/products").exchange().expectStatus().isOk();
		// The request's own timer stops after the response is written: once it is there, so would the others be.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.meters.find("http.server.requests").timers()).isNotEmpty());
		assertThat(this.meters.find("spring.security.filterchains").timers()).isEmpty();
		assertThat(this.meters.find("spring.security.authorizations").timers()).isEmpty();
	}

	private record CountingStore(WebSessionStore delegate, AtomicInteger created) implements WebSessionStore {

		@Override
		public Mono<WebSession> createWebSession() {
			this.created.incrementAndGet();
			return this.delegate.createWebSession();
		}

		@Override
		public Mono<WebSession> retrieveSession(String sessionId) {
			return this.delegate.retrieveSession(sessionId);
		}

		@Override
		public Mono<Void> removeSession(String sessionId) {
			return this.delegate.removeSession(sessionId);
		}

		@Override
		public Mono<WebSession> updateLastAccessTime(WebSession webSession) {
			return this.delegate.updateLastAccessTime(webSession);
		}

	}

}
