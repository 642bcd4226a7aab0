package shop.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile cannot be built here (no Docker engine), so its rules are read from the
 * file, and the one script the image adds, the health check, is run against a real HTTP
 * server on loopback.
 */
class DockerfileTests {

	private static final String DOCKERFILE = Repository.read("Dockerfile");

	private static final String HEALTHCHECK = "deploy/docker/healthcheck";

	@Test
	void buildsWithTheMavenWrapperFromMavenCentralWithACachedRepository() {
		assertThat(DOCKERFILE).contains("ARG MODULE")
			.contains("--mount=type=cache,target=/root/.m2")
			.containsPattern("\\./mvnw -B .*-pl \"\\$\\{MODULE}\" -am")
			.contains("java -Djarmode=tools -jar app.jar extract --layers ${launcher}")
			.contains("launcher=\"--launcher\"");
		// Nothing is fetched but base images and what the wrapper gets from Maven
		// Central.
		assertThat(instructions("RUN")).noneMatch((run) -> run.matches("(?s).*\\b(curl|wget|apt-get|apk)\\b.*"));
		assertThat(instructions("ADD")).isEmpty();
		String wrapper = Repository.read(".mvn/wrapper/maven-wrapper.properties");
		assertThat(wrapper).contains("distributionUrl=https://repo.maven.apache.org/maven2/");
	}

	@Test
	void runsOnAJre21OrNewerAsANumericNonRootUser() {
		List<String> from = instructions("FROM");
		assertThat(from).hasSize(2);
		// Build stage natively on the builder's platform; runtime stage for the target
		// platform (multi-arch).
		assertThat(from.get(0)).startsWith("--platform=$BUILDPLATFORM ${JDK_IMAGE}");
		assertThat(from.get(1)).isEqualTo("${JRE_IMAGE}");
		Matcher jre = Pattern.compile("ARG JRE_IMAGE=eclipse-temurin:(\\d+)-jre").matcher(DOCKERFILE);
		assertThat(jre.find()).as("default runtime image eclipse-temurin:<n>-jre").isTrue();
		assertThat(Integer.parseInt(jre.group(1))).isGreaterThanOrEqualTo(21);
		List<String> users = instructions("USER");
		assertThat(users).hasSize(1);
		assertThat(users.get(0)).matches("[1-9]\\d*:[1-9]\\d*");
		assertThat(DOCKERFILE.lastIndexOf("USER ")).isGreaterThan(DOCKERFILE.lastIndexOf("FROM "));
		assertThat(DOCKERFILE).contains("-XX:MaxRAMPercentage=").contains("-Djava.io.tmpdir=/tmp");
		assertThat(instructions("ENTRYPOINT")).containsExactly("[\"java\", \"@/app/jvm.args\"]");
		assertThat(DOCKERFILE).contains("org.springframework.boot.loader.launch.JarLauncher");
	}

	@Test
	void aotCacheIsAnOptionalBuildArgument() {
		assertThat(DOCKERFILE).contains("ARG AOT_CACHE=false")
			.contains("-XX:AOTCacheOutput=")
			.contains("-XX:ArchiveClassesAtExit=")
			.contains("-Dspring.context.exit=onRefresh");
	}

	@Test
	void buildContextLeavesOutBuildOutputAndLocalState() {
		List<String> ignored = Repository.read(".dockerignore")
			.lines()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(ignored).contains("**/target", ".git", ".shop");
		// What the Dockerfile copies from the context must stay in it.
		assertThat(ignored).noneMatch((pattern) -> pattern.startsWith("deploy/docker") || pattern.equals("deploy")
				|| pattern.equals("mvnw") || pattern.equals(".mvn") || pattern.equals("*.xml"));
	}

	@Test
	void healthCheckPassesOnlyWhenTheAppAnswers200() throws IOException {
		AtomicInteger status = new AtomicInteger(200);
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/actuator/health/readiness", (exchange) -> {
			byte[] body = ((status.get() == 200) ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status.get(), body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try {
			String port = String.valueOf(server.getAddress().getPort());
			assertThat(healthcheck(port).exitCode()).as("answer 200").isZero();
			status.set(503);
			assertThat(healthcheck(port).exitCode()).as("answer 503").isNotZero();
			assertThat(healthcheck(port, "/no/such/path").exitCode()).as("answer 404").isNotZero();
		}
		finally {
			server.stop(0);
		}
		try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int closed = unused.getLocalPort();
			unused.close();
			assertThat(healthcheck(String.valueOf(closed)).exitCode()).as("nothing listening").isNotZero();
		}
	}

	private static Commands.Result healthcheck(String... arguments) {
		List<String> command = new ArrayList<>(List.of("bash", HEALTHCHECK));
		command.addAll(List.of(arguments));
		return Commands.run(Duration.ofSeconds(20), command.toArray(String[]::new));
	}

	/** The arguments of every instruction of this kind, continuation lines joined. */
	private static List<String> instructions(String keyword) {
		String joined = DOCKERFILE.replaceAll("\\\\\\n", " ");
		List<String> found = new ArrayList<>();
		for (String line : joined.lines().toList()) {
			String trimmed = line.trim();
			if (trimmed.startsWith(keyword + " ")) {
				found.add(trimmed.substring(keyword.length() + 1).trim());
			}
		}
		return found;
	}

}
