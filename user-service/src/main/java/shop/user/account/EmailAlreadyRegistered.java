package shop.user.account;

/** Registration refused: an account with this e-mail address (in any letter case) exists. */
public class EmailAlreadyRegistered extends RuntimeException {

	public EmailAlreadyRegistered() {
		super("An account with this e-mail address already exists.");
	}

}
