package shop.chassis.kafka;

/**
 * A record that can never be processed, however often it is retried: unreadable bytes, an unknown type or version, or
 * content that breaks the contract. It goes to the dead-letter topic at once, with this message as the reason.
 */
public class InvalidEvent extends RuntimeException {

	public InvalidEvent(String message) {
		super(message);
	}

	public InvalidEvent(String message, Throwable cause) {
		super(message, cause);
	}

}
