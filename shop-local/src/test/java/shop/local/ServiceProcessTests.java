package shop.local;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceProcessTests {

	@TempDir
	Path dir;

	@Test
	void runsTheJarWithoutAnExtraClasspath() throws IOException {
		Path jar = jar("org.springframework.boot.loader.launch.JarLauncher");

		assertThat(ServiceProcess.launch(jar, List.of())).containsExactly("-jar", jar.toString());
	}

	@Test
	void runsAnExecJarWithItsPropertiesLauncherWhenTheClasspathGrows() throws IOException {
		Path jar = jar("org.springframework.boot.loader.launch.JarLauncher");
		Path extra = this.dir.resolve("extra");

		assertThat(ServiceProcess.launch(jar, List.of(extra))).containsExactly("-Dloader.path=" + extra, "-cp",
				jar.toString(), "org.springframework.boot.loader.launch.PropertiesLauncher");
	}

	@Test
	void runsAPlainJarsMainClassWithTheExtraEntriesAfterIt() throws IOException {
		Path jar = jar("shop.product.ProductServiceApplication");
		Path extra = this.dir.resolve("extra");

		assertThat(ServiceProcess.launch(jar, List.of(extra))).containsExactly("-cp",
				jar + File.pathSeparator + extra, "shop.product.ProductServiceApplication");
	}

	private Path jar(String mainClass) throws IOException {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
		Path jar = Files.createTempFile(this.dir, "app", ".jar");
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
			return jar;
		}
	}

}
