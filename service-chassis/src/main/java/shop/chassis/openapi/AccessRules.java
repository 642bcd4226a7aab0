package shop.chassis.openapi;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * Who may call an operation, asked of the service's own security filter chain with three callers: nobody, a shopper
 * and an administrator. The rules stay written once, in the service's {@code SecurityConfiguration}.
 */
class AccessRules {

	enum Access {

		/** Anyone, without a token. */
		PUBLIC,
		/** Any valid token. */
		TOKEN,
		/** A token with the ADMIN role. */
		ADMIN

	}

	// Path variables are UUIDs or plain words in this shop: a sample value matches the same rules as a real one.
	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{[^}]+}");

	private static final String SAMPLE_ID = "00000000-0000-0000-0000-000000000000";

	private static final Authentication NOBODY = new AnonymousAuthenticationToken("openapi", "anonymous",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private static final Authentication SHOPPER = UsernamePasswordAuthenticationToken.authenticated(SAMPLE_ID, null,
			AuthorityUtils.createAuthorityList("ROLE_USER"));

	private static final Authentication ADMIN = UsernamePasswordAuthenticationToken.authenticated(SAMPLE_ID, null,
			AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN"));

	private final ObjectProvider<WebInvocationPrivilegeEvaluator> privileges;

	AccessRules(ObjectProvider<WebInvocationPrivilegeEvaluator> privileges) {
		this.privileges = privileges;
	}

	/** Without Spring Security nothing is checked, so everything is public. */
	Access of(String pathTemplate, String method) {
		WebInvocationPrivilegeEvaluator evaluator = this.privileges.getIfAvailable();
		if (evaluator == null) {
			return Access.PUBLIC;
		}
		String uri = PATH_VARIABLE.matcher(pathTemplate).replaceAll(SAMPLE_ID);
		for (var caller : List.of(Access.PUBLIC, Access.TOKEN)) {
			Authentication authentication = (caller == Access.PUBLIC) ? NOBODY : SHOPPER;
			if (evaluator.isAllowed("", uri, method, authentication)) {
				return caller;
			}
		}
		return evaluator.isAllowed("", uri, method, ADMIN) ? Access.ADMIN : Access.TOKEN;
	}

}
