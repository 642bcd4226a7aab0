package shop.local;

/** The services the local shop runs, with their fixed local ports and database names. */
public enum ShopService {

	/** Accounts, tokens (and the JWKS every other service trusts), order placement. */
	USER("user-service", 8081, "shop_users"),

	/** Catalog and stock reservation. */
	PRODUCT("product-service", 8082, "shop_products"),

	/** Orders and their outcome. */
	ORDER("order-service", 8083, "shop_orders");

	private final String module;

	private final int defaultPort;

	private final String database;

	ShopService(String module, int defaultPort, String database) {
		this.module = module;
		this.defaultPort = defaultPort;
		this.database = database;
	}

	/** The Maven module, also the application name. */
	public String module() {
		return this.module;
	}

	/** The port used by the launcher (tests pick free ones). */
	public int defaultPort() {
		return this.defaultPort;
	}

	/** The database the launcher uses. */
	public String database() {
		return this.database;
	}

}
