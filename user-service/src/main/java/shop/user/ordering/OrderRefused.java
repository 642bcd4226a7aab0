package shop.user.ordering;

import java.util.List;

/**
 * An order that cannot be served as it stands, refused before it is accepted: a product that does not exist, or more
 * units than are in stock.
 */
public class OrderRefused extends RuntimeException {

	private final List<Line> lines;

	OrderRefused(List<Line> lines) {
		super("Some lines of the order cannot be served.");
		this.lines = List.copyOf(lines);
	}

	/** What is wrong, line by line, in the request's order. */
	public List<Line> lines() {
		return this.lines;
	}

	/**
	 * One refused line.
	 *
	 * @param field the request field, e.g. {@code items[1].productId}
	 * @param message what is wrong with it
	 */
	public record Line(String field, String message) {
	}

}
