package shop.user.ordering;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import io.github.resilience4j.timelimiter.annotation.TimeLimiter;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.client.RestClient;

/**
 * product-service's availability endpoint ({@code GET /api/products/availability}), behind a Resilience4j retry,
 * circuit breaker and time limiter named {@value #NAME}. The call runs on a small pool of its own so that the time
 * limiter can give up on it; a full pool refuses the call at once (the breaker counts it as a failure). The method is
 * public because the annotations work through a Spring AOP proxy.
 */
class ProductClient implements DisposableBean {

	/** The Resilience4j instance name of every pattern around the call. */
	static final String NAME = "product-service";

	private static final ParameterizedTypeReference<List<Availability>> AVAILABILITIES = new ParameterizedTypeReference<>() {
	};

	private final RestClient rest;

	private final ThreadPoolExecutor executor;

	ProductClient(RestClient.Builder builder, ProductCheckProperties properties) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(properties.connectTimeout());
		requests.setReadTimeout(properties.readTimeout());
		this.rest = builder.baseUrl(properties.url().toString()).requestFactory(requests).build();
		this.executor = new ThreadPoolExecutor(2, 8, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
				new CustomizableThreadFactory("product-check-"), new ThreadPoolExecutor.AbortPolicy());
	}

	/**
	 * Units in stock of those of the products that exist.
	 * @param ids 1 to 50 product ids
	 * @return stock by product id; an unknown product is absent
	 */
	@Retry(name = NAME)
	@CircuitBreaker(name = NAME)
	@TimeLimiter(name = NAME)
	public CompletableFuture<Map<UUID, Integer>> stock(Collection<UUID> ids) {
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
	}

	/** One product in product-service's answer. */
	record Availability(UUID id, int stock) {
	}

}
