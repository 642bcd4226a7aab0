package shop.user.auth;

/**
 * A token was refused. One exception, one message for an unknown address and a wrong password alike, so that the
 * answer does not reveal which addresses have accounts.
 */
public class InvalidCredentials extends RuntimeException {

	/** The one detail clients see. */
	public static final String DETAIL = "The e-mail address or the password is not correct.";

	public InvalidCredentials() {
		super(DETAIL);
	}

}
