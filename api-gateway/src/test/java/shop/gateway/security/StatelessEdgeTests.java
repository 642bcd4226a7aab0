package shop.gateway.security;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import org.springframework.web.server.session.WebSessionStore;

import shop.gateway.EdgeContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge keeps no state between requests: neither a public read nor a call with a token creates a WebSession
 * (creating one cost every request two thread hops, see {@link EdgeSecurityConfiguration}).
 */
class StatelessEdgeTests extends EdgeContext {

	@Autowired
	WebSessionManager sessions;

	@Test
	void noRequestCreatesAWebSession() {
		DefaultWebSessionManager manager = (DefaultWebSessionManager) this.sessions;
		WebSessionStore store = manager.getSessionStore();
		AtomicInteger created = new AtomicInteger();
		manager.setSessionStore(new CountingStore(store, created));
		try {
			this.client.get().uri("/api/products").exchange().expectStatus().isOk();
			this.client.get()
				.uri("/api/orders")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + issuer.token(UUID.randomUUID(), "USER"))
				.exchange()
				.expectStatus()
				.isOk();
		}
		finally {
			manager.setSessionStore(store);
		}
		assertThat(created).as("WebSessions created").hasValue(0);
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
