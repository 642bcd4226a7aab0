package shop.user.account;

/** No account the caller may see has this id (also used when one exists but belongs to someone else). */
public class AccountNotFound extends RuntimeException {

	public AccountNotFound() {
		super("No such account.");
	}

}
