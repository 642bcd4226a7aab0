package shop.user.account;

/** What an account may do. Every account is a {@code USER}; {@code ADMIN} is only given by configuration. */
public enum Role {

	USER, ADMIN

}
