package shop.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Tells whether Testcontainers could run the given images right now without pulling anything.
 * <p>
 * Where a Docker daemon runs but no registry is reachable, Testcontainers spends minutes retrying pulls (of the Ryuk
 * image first) before it gives up. So this guard never goes through {@code DockerClientFactory#client()} or
 * {@code isDockerAvailable()} (both start Ryuk): it only resolves the transport, opens its own client and inspects
 * images that must already be present locally.
 */
final class DockerImages {

	private DockerImages() {
	}

	/**
	 * Checks the daemon and every image (after Testcontainers' image name substitution), plus the Ryuk image unless
	 * Ryuk is disabled.
	 * @param images image names such as {@code postgres:17-alpine}
	 * @param timeout upper bound for the whole check (a hung daemon must not hang the build)
	 * @return whether all are present, and why not
	 */
	static Availability check(List<String> images, Duration timeout) {
		ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "shop-docker-guard");
			thread.setDaemon(true);
			return thread;
		});
		try {
			Future<Availability> result = executor.submit(() -> inspect(images));
			return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return Availability.no("Docker did not answer within " + timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			return Availability.no("Docker check failed: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Availability.no("interrupted");
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static Availability inspect(List<String> images) {
		TransportConfig transport;
		try {
			transport = DockerClientFactory.instance().getTransportConfig();
		}
		catch (Throwable ex) {
			return Availability.no("no Docker daemon (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")");
		}
		List<String> wanted = new ArrayList<>();
		for (String image : images) {
			wanted.add(substituted(image));
		}
		if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
			wanted.add(substituted(TestcontainersConfiguration.getInstance().getRyukImage()));
		}
		List<String> missing = new ArrayList<>();
		try (DockerClient client = DockerClientProviderStrategy.getClientForConfig(transport)) {
			for (String image : wanted) {
				try {
					client.inspectImageCmd(image).exec();
				}
				catch (NotFoundException ex) {
					missing.add(image);
				}
			}
		}
		catch (Exception ex) {
			return Availability.no("Docker at " + transport.getDockerHost() + " failed: " + ex);
		}
		if (!missing.isEmpty()) {
			return Availability.no("Docker at " + transport.getDockerHost() + " lacks images " + missing
					+ " (nothing is pulled)");
		}
		return new Availability(true, "Docker at " + transport.getDockerHost() + " has " + wanted);
	}

	private static String substituted(String image) {
		return ImageNameSubstitutor.instance().apply(DockerImageName.parse(image)).asCanonicalNameString();
	}

	/** The answer and a reason a human can act on. */
	record Availability(boolean usable, String reason) {

		static Availability no(String reason) {
			return new Availability(false, reason);
		}

	}

}
