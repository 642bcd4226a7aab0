package shop.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool in the repository and captures what it prints. */
final class Commands {

	private Commands() {
	}

	/** The outcome of one command: exit code, standard output and standard error. */
	record Result(List<String> command, int exitCode, String out, String err) {

		Result requireSuccess() {
			if (this.exitCode != 0) {
				throw new AssertionError(
						String.join(" ", this.command) + " exited with " + this.exitCode + "\n" + this.err + this.out);
			}
			return this;
		}

	}

	/** True when {@code tool} is an executable on the PATH. */
	static boolean onPath(String tool) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (Path.of(dir, tool).toFile().canExecute()) {
				return true;
			}
		}
		return false;
	}

	static Result run(Duration timeout, String... command) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.root().toFile());
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			// Both streams are read to the end on their own threads, so a chatty tool
			// cannot block on a full pipe.
			var out = new StreamReader(process.getInputStream());
			var err = new StreamReader(process.getErrorStream());
			out.start();
			err.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
			}
			out.join();
			err.join();
			return new Result(List.of(command), process.exitValue(), out.text(), err.text());
		}
		catch (IOException ex) {
			throw new AssertionError("Cannot run " + String.join(" ", command) + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while running " + String.join(" ", command), ex);
		}
	}

	private static final class StreamReader extends Thread {

		private final InputStream in;

		private volatile String text = "";

		StreamReader(InputStream in) {
			this.in = in;
			setDaemon(true);
		}

		@Override
		public void run() {
			try {
				this.text = new String(this.in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				this.text = "(unreadable: " + ex.getMessage() + ")";
			}
		}

		String text() {
			return this.text;
		}

	}

}
