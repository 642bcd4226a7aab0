package shop.testing;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broken-authentication checks every service must pass (OWASP API2:2023), written once: a service's test extends
 * this class, names a request that needs a token and says how it sends it. Every {@link ForgedToken}, a missing token
 * and a header that is not a bearer token must get 401 with a problem+json body, and the same request with a valid
 * token must not, so the test cannot pass against an endpoint that refuses everything.
 */
public abstract class BrokenAuthenticationContract {

	private static final UUID SUBJECT = UUID.fromString("0b0b0b0b-1c1c-4d2d-8e3e-4f4f4f4f4f4f");

	/** The issuer whose key and claims the service trusts. */
	protected abstract TestJwtIssuer trustedIssuer();

	/** The roles of the valid token the request is also sent with; {@code USER} unless the request needs more. */
	protected String[] validRoles() {
		return new String[] { "USER" };
	}

	/**
	 * Sends the service's protected request.
	 * @param authorization the {@code Authorization} header value, or null to send none
	 * @return what the service answered
	 */
	protected abstract Answer send(String authorization) throws Exception;

	@Test
	void acceptsAValidToken() throws Exception {
		Answer answer = send("Bearer " + trustedIssuer().token(SUBJECT, validRoles()));
		assertThat(answer.status()).as(answer.toString()).isNotIn(401, 403);
	}

	@Test
	void refusesARequestWithoutToken() throws Exception {
		assertUnauthorizedProblem(send(null));
	}

	@Test
	void refusesACredentialThatIsNotABearerToken() throws Exception {
		assertUnauthorizedProblem(send("Basic dXNlcjpwYXNzd29yZA=="));
	}

	@ParameterizedTest
	@EnumSource(ForgedToken.class)
	void refusesAForgedToken(ForgedToken forged) throws Exception {
		assertUnauthorizedProblem(send("Bearer " + forged.forge(trustedIssuer(), SUBJECT)));
	}

	private static void assertUnauthorizedProblem(Answer answer) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
		assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
		assertThat(answer.body()).as(answer.toString()).contains("\"status\":401");
	}

	/**
	 * A service's answer.
	 *
	 * @param status the HTTP status
	 * @param contentType the {@code Content-Type} header, empty when there is none
	 * @param body the body as text
	 */
	public record Answer(int status, String contentType, String body) {

		public Answer {
			contentType = (contentType != null) ? contentType : "";
		}

	}

}
