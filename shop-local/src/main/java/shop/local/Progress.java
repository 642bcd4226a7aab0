package shop.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** What {@link LocalShop} reports while it starts and stops its processes. */
public interface Progress {

	/**
	 * A component is being started.
	 * @param component e.g. {@code kafka}, {@code product-service#2}
	 * @param detail where, e.g. its address
	 */
	void starting(String component, String detail);

	/**
	 * A component is up and healthy.
	 * @param component the component
	 * @param took since its start began
	 * @param detail where, e.g. its address
	 */
	void healthy(String component, Duration took, String detail);

	/**
	 * Anything else worth a line.
	 * @param message the line
	 */
	void note(String message);

	/** Reports nothing. */
	static Progress silent() {
		return new Progress() {

			@Override
			public void starting(String component, String detail) {
			}

			@Override
			public void healthy(String component, Duration took, String detail) {
			}

			@Override
			public void note(String message) {
			}

		};
	}

	/**
	 * One line per event, e.g. {@code [  12.3s] kafka             healthy in 4.1 s   127.0.0.1:9092}.
	 * @param out where
	 * @return the reporter; its clock starts now
	 */
	static Progress printingTo(PrintStream out) {
		long started = System.nanoTime();
		return new Progress() {

			@Override
			public void starting(String component, String detail) {
				line(String.format("%-18s starting   %s", component, detail));
			}

			@Override
			public void healthy(String component, Duration took, String detail) {
				line(String.format(Locale.ROOT, "%-18s healthy in %.1f s   %s", component, took.toMillis() / 1000.0,
						detail));
			}

			@Override
			public void note(String message) {
				line(message);
			}

			private void line(String text) {
				double elapsed = (System.nanoTime() - started) / 1e9;
				synchronized (out) {
					out.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsed, text);
					out.flush();
				}
			}

		};
	}

}
