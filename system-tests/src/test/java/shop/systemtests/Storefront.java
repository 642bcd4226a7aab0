package shop.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionFactory;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.awaitility.Awaitility.await;

/**
 * The storefront page as a shopper uses it: by labels, buttons and the keyboard, reading what is on the screen.
 * Every wait is for something the shopper would see; screenshots are numbered in the order they were taken.
 */
final class Storefront {

	/** Long enough for an order to travel through Kafka on a busy two-core machine. */
	static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(1);

	private static final Duration UI_TIMEOUT = Duration.ofSeconds(15);

	private final ChromeDriver driver;

	private final URI gateway;

	private final Path screenshots;

	private int shots;

	Storefront(ChromeDriver driver, URI gateway, Path screenshots) {
		this.driver = driver;
		this.gateway = gateway;
		this.screenshots = screenshots;
	}

	WebDriver driver() {
		return this.driver;
	}

	/** Opens the page at {@code /} and waits for the first page of the catalog. */
	Storefront open() {
		this.driver.get(this.gateway.resolve("/").toString());
		ui().until(() -> text(By.id("catalog-status")).matches("\\d+ products?\\."));
		return this;
	}

	/** Creates an account through the form; the page signs the new shopper in. */
	void register(String name, String email, String password) {
		fillRegistration(name, email, password);
		ui().until(() -> this.driver.findElement(By.id("signed-in")).isDisplayed());
	}

	/** Fills and sends the registration form without waiting for the outcome. */
	void fillRegistration(String name, String email, String password) {
		click(By.id("show-register"));
		type(By.id("register-name"), name);
		type(By.id("register-email"), email);
		type(By.id("register-password"), password);
		// Enter in the last field submits, like a keyboard user would.
		this.driver.findElement(By.id("register-password")).sendKeys(Keys.ENTER);
	}

	String signedInAs() {
		return read(() -> text(By.id("user-name")));
	}

	/** Searches the catalog and waits until the page shows the matches. */
	void search(String query, int expectedMatches) {
		type(By.id("search-text"), query);
		this.driver.findElement(By.id("search-text")).sendKeys(Keys.ENTER);
		ui().until(() -> this.driver.findElements(By.cssSelector("#products .product")).size() == expectedMatches
				&& text(By.id("catalog-status")).contains(query));
	}

	/** Empties the search field and waits for the whole catalog's first page. */
	void showWholeCatalog() {
		type(By.id("search-text"), "");
		this.driver.findElement(By.id("search-text")).sendKeys(Keys.ENTER);
		ui().until(() -> text(By.id("catalog-status")).matches("\\d+ products?\\."));
	}

	/** The stock the catalog shows for a product, as the number in its "N in stock" label. */
	int stockShown(String productId) {
		return read(() -> Integer
			.parseInt(product(productId).findElement(By.cssSelector(".stock")).getDomAttribute("data-stock")));
	}

	String stockLabel(String productId) {
		return read(() -> product(productId).findElement(By.cssSelector(".stock")).getText());
	}

	void waitForStockShown(String productId, int stock) {
		settle().until(() -> stockShown(productId) == stock);
	}

	void addToCart(String productId) {
		read(() -> {
			product(productId).findElement(By.cssSelector("button.add")).click();
			return true;
		});
		ui().until(() -> !this.driver.findElements(cartLine(productId)).isEmpty());
	}

	/** Types a quantity into the cart line and leaves the field (which commits it, as for any shopper). */
	void setQuantity(String productId, int quantity) {
		By field = By.id("quantity-" + productId);
		this.driver.findElement(field).sendKeys(Keys.chord(Keys.CONTROL, "a"), String.valueOf(quantity), Keys.TAB);
		ui().until(() -> this.driver.findElement(field).getDomProperty("value").equals(String.valueOf(quantity)));
	}

	String cartWarning(String productId) {
		return read(() -> this.driver.findElement(cartLine(productId))
			.findElement(By.cssSelector(".line-warning"))
			.getText());
	}

	/** The shop's message about this cart line after a refused checkout. */
	String cartLineError(String productId) {
		return read(() -> this.driver.findElement(cartLine(productId))
			.findElement(By.cssSelector(".line-error"))
			.getText());
	}

	String cartTotal() {
		return read(() -> text(By.id("cart-total")));
	}

	WebElement checkoutButton() {
		return this.driver.findElement(By.id("checkout"));
	}

	/** Places the order with one click and waits until "My orders" lists it; answers its id. */
	String checkout() {
		checkoutButton().click();
		return newestOrder();
	}

	/** Waits until "My orders" lists an order and the cart is empty again; answers the newest order's id. */
	String newestOrder() {
		ui().until(() -> !this.driver.findElements(By.cssSelector("#order-list .order")).isEmpty()
				&& this.driver.findElement(By.id("cart-empty")).isDisplayed());
		return read(
				() -> this.driver.findElement(By.cssSelector("#order-list .order")).getDomAttribute("data-order-id"));
	}

	List<String> ordersListed() {
		return read(() -> this.driver.findElements(By.cssSelector("#order-list .order"))
			.stream()
			.map((order) -> order.getDomAttribute("data-order-id"))
			.toList());
	}

	/** Waits until the order shows a status other than PENDING on screen; answers the badge text. */
	String waitUntilSettled(String orderId) {
		settle().until(() -> !"PENDING".equals(order(orderId).getDomAttribute("data-status")));
		return statusShown(orderId);
	}

	/** Presses the order's cancel button and waits until the order shows CANCELLED. */
	void cancel(String orderId) {
		read(() -> {
			order(orderId).findElement(By.cssSelector("button.cancel")).click();
			return true;
		});
		ui().until(() -> "CANCELLED".equals(order(orderId).getDomAttribute("data-status")));
	}

	String statusShown(String orderId) {
		return read(() -> order(orderId).findElement(By.cssSelector(".badge")).getText());
	}

	String reasonShown(String orderId) {
		return read(() -> order(orderId).findElement(By.cssSelector(".reason")).getText());
	}

	void signOut() {
		click(By.id("sign-out"));
		ui().until(() -> this.driver.findElement(By.id("signed-out")).isDisplayed()
				&& !this.driver.findElement(By.id("orders")).isDisplayed());
	}

	/** Signs in through the form, using the keyboard only: tab to the fields, Enter to send. */
	void signIn(String email, String password) {
		click(By.id("show-sign-in"));
		ui().until(() -> "sign-in-email".equals(focusedElementId()));
		this.driver.switchTo().activeElement().sendKeys(email, Keys.TAB, password, Keys.ENTER);
		ui().until(() -> this.driver.findElement(By.id("signed-in")).isDisplayed());
	}

	String notice() {
		return read(() -> text(By.id("notice")));
	}

	/** Waits for the notice to say something containing {@code text}. */
	void waitForNotice(String text) {
		ui().until(() -> this.driver.findElement(By.id("notice")).isDisplayed() && notice().contains(text));
	}

	String fieldError(String inputId) {
		return read(() -> text(By.id(inputId + "-error")));
	}

	String focusedElementId() {
		return read(() -> this.driver.switchTo().activeElement().getDomAttribute("id"));
	}

	/** Saves what the browser shows as {@code NN-name.png}; answers the file. */
	Path screenshot(String name) {
		this.shots++;
		Path file = this.screenshots.resolve(String.format("%02d-%s.png", this.shots, name));
		try {
			Files.createDirectories(this.screenshots);
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	/**
	 * Reads (or clicks) again when the element went stale: the page re-renders its lists whenever data arrives, so
	 * an element found a moment ago may have been replaced. A stale element refuses the command before doing it.
	 */
	private static <T> T read(Callable<T> reading) {
		AtomicReference<T> value = new AtomicReference<>();
		ui().until(() -> {
			value.set(reading.call());
			return true;
		});
		return value.get();
	}

	private WebElement product(String productId) {
		return this.driver.findElement(By.cssSelector("#products .product[data-product-id='" + productId + "']"));
	}

	private WebElement order(String orderId) {
		return this.driver.findElement(By.cssSelector("#order-list .order[data-order-id='" + orderId + "']"));
	}

	private static By cartLine(String productId) {
		return By.cssSelector("#cart-lines .cart-line[data-product-id='" + productId + "']");
	}

	private void click(By by) {
		this.driver.findElement(by).click();
	}

	private void type(By by, String text) {
		WebElement input = this.driver.findElement(by);
		input.clear();
		input.sendKeys(text);
	}

	private String text(By by) {
		return this.driver.findElement(by).getText();
	}

	private static ConditionFactory ui() {
		return waiting(UI_TIMEOUT);
	}

	private static ConditionFactory settle() {
		return waiting(SETTLE_TIMEOUT);
	}

	// The page re-renders lists as data arrives: an element may go stale or be missing between two looks.
	private static ConditionFactory waiting(Duration timeout) {
		return await().atMost(timeout)
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptionsMatching((ex) -> ex instanceof StaleElementReferenceException
					|| ex instanceof NoSuchElementException);
	}

	/** For tests that need their own condition on the page. */
	static void waitUntil(Duration timeout, Callable<Boolean> condition) {
		waiting(timeout).until(condition);
	}

}
