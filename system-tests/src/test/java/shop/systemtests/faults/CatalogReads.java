package shop.systemtests.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A shopper browsing the catalog while a fault goes on: one anonymous product read through the gateway every
 * 100 ms (well under the gateway's 20 reads a second per client), each answer recorded with its timing, until
 * stopped. Unlike orders, reads are not retried: each shows what the gateway answered at that moment.
 */
final class CatalogReads implements AutoCloseable {

	private static final Duration PAUSE = Duration.ofMillis(100);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<Read> reads = Collections.synchronizedList(new ArrayList<>());

	private final URI gateway;

	private final List<UUID> products;

	private final Thread reader;

	private volatile boolean running = true;

	private CatalogReads(URI gateway, List<UUID> products) {
		this.gateway = gateway;
		this.products = List.copyOf(products);
		this.reader = new Thread(this::readUntilStopped, "catalog-reads");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static CatalogReads start(URI gateway, List<UUID> products) {
		return new CatalogReads(gateway, products);
	}

	private void readUntilStopped() {
		for (int i = 0; this.running; i++) {
			this.reads.add(read(this.products.get(i % this.products.size())));
			try {
				Thread.sleep(PAUSE.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private Read read(UUID product) {
		HttpRequest request = HttpRequest.newBuilder(this.gateway.resolve("/api/products/" + product))
			.timeout(Workload.REQUEST_TIMEOUT)
			.header("Accept", "application/json, application/problem+json")
			.GET()
			.build();
		long begin = System.nanoTime();
		try {
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			return new Read(begin, Duration.ofNanos(System.nanoTime() - begin), response.statusCode(),
					response.headers().firstValue("Content-Type").orElse(""));
		}
		catch (HttpTimeoutException ex) {
			return new Read(begin, Duration.ofNanos(System.nanoTime() - begin), 0, "timeout");
		}
		catch (IOException ex) {
			return new Read(begin, Duration.ofNanos(System.nanoTime() - begin), 0, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Read(begin, Duration.ofNanos(System.nanoTime() - begin), 0, "interrupted");
		}
	}

	/** Every read so far. */
	List<Read> reads() {
		synchronized (this.reads) {
			return List.copyOf(this.reads);
		}
	}

	/** Stops reading (after the read in flight). */
	@Override
	public void close() {
		this.running = false;
		try {
			this.reader.join(Workload.REQUEST_TIMEOUT.plus(PAUSE).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One read and its answer.
	 * @param startNanos when it was sent ({@link System#nanoTime()})
	 * @param took until the answer or the failure
	 * @param status the HTTP status, 0 when there was no answer
	 * @param contentType of the answer, or why there was none
	 */
	record Read(long startNanos, Duration took, int status, String contentType) {

		boolean ok() {
			return this.status == 200;
		}

		/** A refusal as the gateway promises it: 503 problem+json. */
		boolean failedFast() {
			return this.status == 503 && this.contentType.startsWith("application/problem+json");
		}

	}

}
