package shop.chassis.web;

import java.io.IOException;
import java.net.URI;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code shop.web.max-request-body} with 413 problem+json, and request headers
 * larger than {@code shop.web.max-request-headers} in all with 431 problem+json (OWASP API4, unrestricted resource
 * consumption). A declared {@code Content-Length} over the limit is refused before anything is read; a body without
 * one (chunked) is cut off once it passes the limit, and {@link ProblemDetailsAdvice} answers 413 for it too. Tomcat
 * limits only form posts by itself, and answers a plain 400 to headers over its own (higher) limit
 * ({@code server.max-http-request-header-size}).
 */
public class RequestBodyLimit extends OncePerRequestFilter {

	private final long maxBytes;

	private final long maxHeaderBytes;

	private final JsonMapper jsonMapper;

	public RequestBodyLimit(DataSize max, DataSize maxHeaders, JsonMapper jsonMapper) {
		this.maxBytes = max.toBytes();
		this.maxHeaderBytes = maxHeaders.toBytes();
		this.jsonMapper = jsonMapper;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (headerBytes(request) > this.maxHeaderBytes) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
					"The request headers are larger than the " + this.maxHeaderBytes + " bytes this service accepts.");
			problem.setTitle("Request headers too large");
			refuse(request, response, problem);
			return;
		}
		if (request.getContentLengthLong() > this.maxBytes) {
			refuse(request, response, tooLarge(this.maxBytes));
			return;
		}
		chain.doFilter((request.getContentLengthLong() < 0) ? new Limited(request, this.maxBytes) : request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		// The unread body is not worth keeping the connection for.
		response.setHeader("Connection", "close");
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

	// Names, values and the ": " and CRLF around them, as on the wire.
	private static long headerBytes(HttpServletRequest request) {
		long bytes = 0;
		for (String name : Collections.list(request.getHeaderNames())) {
			for (String value : Collections.list(request.getHeaders(name))) {
				bytes += name.length() + value.length() + 4;
			}
		}
		return bytes;
	}

	static ProblemDetail tooLarge(long maxBytes) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than the " + maxBytes + " bytes this service accepts.");
		problem.setTitle("Request body too large");
		return problem;
	}

	/** Thrown while reading a body without declared length once it passes the limit. */
	static class TooLarge extends IOException {

		final long maxBytes;

		TooLarge(long maxBytes) {
			super("Request body larger than " + maxBytes + " bytes");
			this.maxBytes = maxBytes;
		}

	}

	private static final class Limited extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		Limited(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				ServletInputStream in = super.getInputStream();
				this.stream = new ServletInputStream() {

					private long read;

					@Override
					public int read() throws IOException {
						int b = in.read();
						if (b >= 0) {
							count(1);
						}
						return b;
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						int n = in.read(buffer, offset, length);
						if (n > 0) {
							count(n);
						}
						return n;
					}

					private void count(int n) throws TooLarge {
						this.read += n;
						if (this.read > Limited.this.maxBytes) {
							throw new TooLarge(Limited.this.maxBytes);
						}
					}

					@Override
					public boolean isFinished() {
						return in.isFinished();
					}

					@Override
					public boolean isReady() {
						return in.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						in.setReadListener(listener);
					}

				};
			}
			return this.stream;
		}

	}

}
