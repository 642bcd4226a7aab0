package shop.systemtests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's headless Chromium driven through Debian's chromedriver ({@code apt-get install chromium
 * chromium-driver}). Both paths are given to Selenium, so Selenium Manager never looks for, let alone downloads, a
 * driver or a browser. Each browser gets a fresh profile, deleted when it closes.
 */
final class Chromium implements AutoCloseable {

	static final Path BROWSER = Path.of(env("SHOP_CHROMIUM", "/usr/bin/chromium"));

	static final Path DRIVER = Path.of(env("SHOP_CHROMEDRIVER", "/usr/bin/chromedriver"));

	/** As root, with no display and a closed network: no sandbox, no GPU, nothing that phones home. */
	private static final List<String> ARGUMENTS = List.of("--headless", "--no-sandbox", "--disable-gpu",
			"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--disable-dev-shm-usage", "--lang=en-US", "--hide-scrollbars");

	private final ChromeDriver driver;

	private final Path profile;

	private Chromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/**
	 * Fails when Chromium or its driver is missing under CI (a CI run must never pass without the browser tests),
	 * skips the test elsewhere.
	 */
	static void requireInstalled() {
		List<String> missing = Stream.of(BROWSER, DRIVER).filter((path) -> !Files.isExecutable(path))
			.map(Path::toString)
			.toList();
		if (missing.isEmpty()) {
			return;
		}
		String message = "Chromium is needed for the storefront tests, missing " + missing
				+ ": apt-get install -y chromium chromium-driver (or set SHOP_CHROMIUM and SHOP_CHROMEDRIVER)";
		String ci = System.getenv("CI");
		if (ci != null && !"false".equals(ci)) {
			fail("CI must run the storefront tests in a real browser. " + message);
		}
		Assumptions.abort(message);
	}

	/** A new browser with a window of the given size (CSS pixels); its chromedriver log goes to {@code log}. */
	static Chromium start(int width, int height, Path log) {
		requireInstalled();
		try {
			Path profile = Files.createTempDirectory("storefront-chromium-");
			List<String> arguments = new ArrayList<>(ARGUMENTS);
			arguments.add("--user-data-dir=" + profile);
			arguments.add("--window-size=" + width + "," + height);
			ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments(arguments);
			// The console (script errors, Content-Security-Policy violations) for the tests to read.
			LoggingPreferences logs = new LoggingPreferences();
			logs.enable(LogType.BROWSER, Level.ALL);
			options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
			Files.createDirectories(log.getParent());
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
				.usingAnyFreePort()
				.withLogFile(log.toFile())
				.withTimeout(Duration.ofSeconds(30))
				.build();
			return new Chromium(new ChromeDriver(service, options), profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	ChromeDriver driver() {
		return this.driver;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteProfile();
		}
	}

	private void deleteProfile() {
		try (Stream<Path> files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// A profile left in the temporary directory harms nothing.
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
