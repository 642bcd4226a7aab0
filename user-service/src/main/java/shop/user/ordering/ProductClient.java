package shop.user.ordering;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.client.RestClient;

/**
 * product-service's availability endpoint ({@code GET /api/products/availability}), behind a Resilience4j retry,
 * circuit breaker and time limiter named {@value #NAME} (configured as {@code resilience4j.*.instances.product-service}).
 * The call runs on a small pool of its own so that the time limiter can give up on it; a full pool refuses the call at
 * once (the breaker counts it as a failure). The patterns are applied with Resilience4j's functional API rather than
 * its annotations: the annotations need Spring AOP with AspectJ, which matches the pointcuts against every bean's
 * class at each start, a cost out of all proportion to this one method.
 */
class ProductClient implements DisposableBean {

	/** The Resilience4j instance name of every pattern around the call. */
	static final String NAME = "product-service";

	private static final ParameterizedTypeReference<List<Availability>> AVAILABILITIES = new ParameterizedTypeReference<>() {
	};

	private final RestClient rest;

	private final ThreadPoolExecutor executor;

	private final ScheduledThreadPoolExecutor timer;

	private final Retry retry;

	private final CircuitBreaker breaker;

	private final TimeLimiter timeLimiter;

	ProductClient(RestClient.Builder builder, ProductCheckProperties properties, RetryRegistry retries,
			CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimiters) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(properties.connectTimeout());
		requests.setReadTimeout(properties.readTimeout());
		this.rest = builder.baseUrl(properties.url().toString()).requestFactory(requests).build();
		this.executor = new ThreadPoolExecutor(2, 8, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
				new CustomizableThreadFactory("product-check-"), new ThreadPoolExecutor.AbortPolicy());
		// Runs the time limits and the retry's pause; a cancelled time limit (the answer came in time) leaves the
		// queue at once instead of after its second.
		this.timer = new ScheduledThreadPoolExecutor(1, new CustomizableThreadFactory("product-check-timer-"));
		this.timer.setRemoveOnCancelPolicy(true);
		this.retry = retries.retry(NAME);
		this.breaker = breakers.circuitBreaker(NAME);
		this.timeLimiter = timeLimiters.timeLimiter(NAME);
	}

	/**
	 * Units in stock of those of the products that exist.
	 * @param ids 1 to 50 product ids
	 * @return stock by product id; an unknown product is absent
	 */
	CompletableFuture<Map<UUID, Integer>> stock(Collection<UUID> ids) {
		// The order Resilience4j's annotations apply: each try has its own time limit and passes the breaker (a
		// timeout counts as its failure); the retry is outermost, so a second try asks the breaker again.
		Supplier<CompletionStage<Map<UUID, Integer>>> attempt = CircuitBreaker.decorateCompletionStage(this.breaker,
				TimeLimiter.decorateCompletionStage(this.timeLimiter, this.timer, () -> call(ids)));
		return this.retry.executeCompletionStage(this.timer, attempt).toCompletableFuture();
	}

	private CompletableFuture<Map<UUID, Integer>> call(Collection<UUID> ids) {
		CompletableFuture<Map<UUID, Integer>> result = new CompletableFuture<>();
		// Completed by hand rather than supplyAsync, so that the failure is the exception itself, unwrapped, and
		// the retry and breaker see what they are configured for.
		this.executor.execute(() -> {
			try {
				List<Availability> answer = this.rest.get()
					.uri((uri) -> uri.path("/api/products/availability")
						.queryParam("ids", ids.stream().map(UUID::toString).collect(Collectors.joining(",")))
						.build())
					.retrieve()
					.body(AVAILABILITIES);
				result.complete((answer != null) ? answer.stream()
					.collect(Collectors.toMap(Availability::id, Availability::stock, (a, b) -> a)) : Map.of());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		return result;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
		this.timer.shutdownNow();
	}

	/** One product in product-service's answer. */
	record Availability(UUID id, int stock) {
	}

}
