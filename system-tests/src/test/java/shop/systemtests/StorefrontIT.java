package shop.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The storefront at {@code /} in a real browser (Debian's headless Chromium) against the whole shop: a shopper signs
 * up, fills a cart, checks out and watches the order settle on screen. The API is used only to set the scene
 * (products with a known stock, made by the admin) and to check what the page claims. Screenshots of every step go
 * to {@code target/storefront/<test>/}.
 */
@ExtendWith(RunningShop.Extension.class)
class StorefrontIT {

	private static final Path SCREENSHOTS = Path.of("target", "storefront");

	private final RunningShop shop;

	/** Tags this test's products so that a search finds exactly them. */
	private final String tag = "SF" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);

	private Chromium chromium;

	private Storefront page;

	StorefrontIT(RunningShop shop) {
		this.shop = shop;
	}

	@BeforeAll
	static void browserInstalled() {
		// Before the shop starts: a machine without Chromium fails (under CI) or skips at once.
		Chromium.requireInstalled();
	}

	@AfterEach
	void closeBrowser() {
		if (this.chromium != null) {
			try {
				this.page.screenshot("end");
			}
			finally {
				this.chromium.close();
			}
		}
	}

	@Test
	void servesThePageAtTheRootWhileTheApiRoutesStillWin() throws Exception {
		// As a browser asks for it: the welcome page answers requests that accept HTML.
		HttpResponse<String> root = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(this.shop.gateway().resolve("/")).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(root.statusCode()).as(root.body()).isEqualTo(200);
		assertThat(root.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type)
			.startsWith("text/html"));
		assertThat(root.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
		ShopClient.Response script = this.shop.client().get(this.shop.gateway(), "/js/app.js", null);
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Content-Type")).startsWith("text/javascript");

		ShopClient.Response products = this.shop.client().get(this.shop.gateway(), "/api/products?size=1", null);
		assertThat(products.status()).as(products.toString()).isEqualTo(200);
		assertThat(products.header("Content-Type")).startsWith("application/json");
		ShopClient.Response orders = this.shop.client().get(this.shop.gateway(), "/api/orders", null);
		assertThat(orders.status()).as("the orders route, not a static page").isEqualTo(401);
		ShopClient.Response missing = this.shop.client().get(this.shop.gateway(), "/no-such-page", null);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void confirmsAnOrderOfTwoProductsAndShowsTheStockDrop(TestInfo test) {
		String kettle = createProduct("KETTLE", "Gooseneck Kettle", "64.50", 10);
		String mug = createProduct("MUG", "Stoneware Mug", "12.90", 6);
		Storefront page = browse(test);
		page.screenshot("catalog");

		String email = email();
		page.register("Ada Lovelace", email, "correct-horse-battery");
		assertThat(page.signedInAs()).isEqualTo("Ada Lovelace");
		page.screenshot("signed-in");

		page.search(this.tag, 2);
		assertThat(page.stockShown(kettle)).isEqualTo(10);
		assertThat(page.stockShown(mug)).isEqualTo(6);
		assertThat(page.stockLabel(mug)).isEqualTo("6 in stock");
		page.screenshot("search");

		page.addToCart(kettle);
		page.addToCart(mug);
		page.setQuantity(kettle, 2);
		assertThat(page.cartTotal()).contains("141.90");
		page.screenshot("cart");

		long clicked = System.nanoTime();
		String orderId = page.checkout();
		page.screenshot("placed");
		assertThat(page.waitUntilSettled(orderId)).isEqualToIgnoringCase("CONFIRMED");
		Duration toConfirmed = Duration.ofNanos(System.nanoTime() - clicked);
		page.waitForStockShown(kettle, 8);
		page.waitForStockShown(mug, 5);
		page.screenshot("confirmed");

		// What the page shows is what the API says.
		JsonNode order = this.shop.client()
			.get(this.shop.gateway(), "/api/orders/" + orderId, token(email, "correct-horse-battery"))
			.json();
		assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(order.path("total").decimalValue()).isEqualByComparingTo("141.90");
		assertThat(stock(kettle)).isEqualTo(8);
		assertThat(stock(mug)).isEqualTo(5);

		// The whole catalog with the order beside it: the picture at the top of the README.
		page.showWholeCatalog();
		page.screenshot("storefront");

		// Cancelling the confirmed order gives its stock back; the page shows it once product-service has.
		page.cancel(orderId);
		page.search(this.tag, 2);
		page.waitForStockShown(kettle, 10);
		page.waitForStockShown(mug, 6);
		page.screenshot("cancelled");

		// Phone width: the same page, one column, nothing wider than the screen.
		page.driver().manage().window().setSize(new Dimension(390, 844));
		Storefront.waitUntil(Duration.ofSeconds(5), () -> horizontalOverflow(page) == 0);
		page.screenshot("phone");
		assertNoScriptErrors(page);
		this.shop.report("storefront click->CONFIRMED on screen",
				String.format(Locale.ROOT, "%.1fs", toConfirmed.toMillis() / 1000.0));
	}

	@Test
	void showsRefusalsAndRejectionsWithTheirReasons(TestInfo test) {
		String board = createProduct("BOARD", "Walnut Serving Board", "54.00", 2, "EUR");
		String map = createProduct("MAP", "City Map", "12.00", 5, "USD");
		Storefront page = browse(test);

		// The API refuses a short password; its field error lands next to the field, which takes the focus.
		page.fillRegistration("Grace Hopper", email(), "short");
		Storefront.waitUntil(Duration.ofSeconds(10), () -> !page.fieldError("register-password").isEmpty());
		assertThat(page.fieldError("register-password")).contains("10");
		assertThat(page.focusedElementId()).isEqualTo("register-password");
		assertThat(page.notice()).isNotBlank();
		page.screenshot("field-error");

		String email = email();
		page.register("Grace Hopper", email, "correct-horse-battery");
		page.search(this.tag, 2);
		page.addToCart(board);
		page.setQuantity(board, 5);
		assertThat(page.cartWarning(board)).contains("Only 2 in stock");

		// Beyond the stock: user-service refuses the order at once (422, a message per line), nothing is ordered.
		page.checkoutButton().click();
		page.waitForNotice("Your order was not placed");
		assertThat(page.notice()).contains("Walnut Serving Board: only 2 in stock");
		assertThat(page.cartLineError(board)).contains("only 2 in stock");
		page.screenshot("refused-beyond-stock");
		String token = token(email, "correct-horse-battery");
		assertThat(this.shop.client().get(this.shop.gateway(), "/api/orders", token).json().path("page")
			.path("totalElements").asLong()).isZero();

		// Accepted, then rejected by product-service: euros and dollars in one order cannot have one total.
		page.setQuantity(board, 1);
		page.addToCart(map);
		String orderId = page.checkout();
		assertThat(page.waitUntilSettled(orderId)).isEqualToIgnoringCase("REJECTED");
		assertThat(page.reasonShown(orderId)).contains("different currencies").contains("CURRENCY_MISMATCH");
		page.screenshot("rejected");
		assertThat(page.stockShown(board)).isEqualTo(2);
		assertThat(stock(board)).isEqualTo(2);
		assertThat(stock(map)).isEqualTo(5);
		assertNoScriptErrors(page);
	}

	@Test
	void placesOneOrderOnADoubleClick(TestInfo test) {
		String lamp = createProduct("LAMP", "Brass Desk Lamp", "89.00", 10);
		Storefront page = browse(test);
		String email = email();
		page.register("Alan Turing", email, "correct-horse-battery");
		page.search(this.tag, 1);
		page.addToCart(lamp);
		// The cart outlives signing out and in again (it belongs to the tab, the token to the session).
		page.signOut();
		assertThat(page.checkoutButton().isEnabled()).as("checkout while signed out").isFalse();
		page.signIn(email, "correct-horse-battery");
		assertThat(page.signedInAs()).isEqualTo("Alan Turing");
		page.screenshot("cart");

		new Actions(page.driver()).doubleClick(page.checkoutButton()).perform();
		String orderId = page.newestOrder();
		assertThat(page.waitUntilSettled(orderId)).isEqualToIgnoringCase("CONFIRMED");
		page.screenshot("confirmed");

		// A second order would be listed by now or within moments: the list must stay at exactly one.
		String token = token(email, "correct-horse-battery");
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			ShopClient.Response orders = this.shop.client().get(this.shop.gateway(), "/api/orders", token);
			assertThat(orders.json().path("page").path("totalElements").asLong()).as(orders.toString())
				.isEqualTo(1);
		});
		assertThat(stock(lamp)).isEqualTo(9);
		assertThat(page.ordersListed()).containsExactly(orderId);
		assertNoScriptErrors(page);
	}

	private Storefront browse(TestInfo test) {
		Path screenshots = SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName());
		deleteScreenshots(screenshots);
		this.chromium = Chromium.start(1280, 900, screenshots.resolve("chromedriver.log"));
		this.page = new Storefront(this.chromium.driver(), this.shop.gateway(), screenshots);
		return this.page.open();
	}

	/** A product made by the admin through the API; its SKU carries this test's tag, which the search finds. */
	private String createProduct(String sku, String name, String price, int stock) {
		return createProduct(sku, name, price, stock, "EUR");
	}

	private String createProduct(String sku, String name, String price, int stock, String currency) {
		Map<String, Object> product = new LinkedHashMap<>();
		product.put("sku", this.tag + "-" + sku);
		product.put("name", name);
		product.put("description", "Made by the storefront test.");
		product.put("price", new BigDecimal(price));
		product.put("currency", currency);
		product.put("stock", stock);
		ShopClient.Response created = this.shop.client()
			.post(this.shop.gateway(), "/api/products", this.shop.adminToken(), product, Map.of());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private int stock(String productId) {
		return this.shop.client().get(this.shop.gateway(), "/api/products/" + productId, null).json().path("stock")
			.asInt();
	}

	private String token(String email, String password) {
		ShopClient.Response issued = this.shop.client()
			.post(this.shop.gateway(), "/api/auth/token", null, Map.of("email", email, "password", password),
					Map.of());
		assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
		return issued.json().path("access_token").asString();
	}

	private String email() {
		return "shopper-" + UUID.randomUUID() + "@storefront.test";
	}

	/** Screenshots of an earlier run would mix with this run's numbered steps. */
	private static void deleteScreenshots(Path directory) {
		if (!Files.isDirectory(directory)) {
			return;
		}
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".png")).toList()) {
				Files.delete(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long horizontalOverflow(Storefront page) {
		Object overflow = ((JavascriptExecutor) page.driver())
			.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
		return ((Number) overflow).longValue();
	}

	/**
	 * No script error and no Content-Security-Policy violation in the browser's console. Failed requests are left
	 * out: the API answering 400 to a bad form is expected, and the page shows it.
	 */
	private static void assertNoScriptErrors(Storefront page) {
		List<String> errors = page.driver()
			.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter((message) -> !message.contains("Failed to load resource"))
			.toList();
		assertThat(errors).as("errors in the browser's console").isEmpty();
	}

}
