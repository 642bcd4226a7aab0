package shop.local;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDataSharingTests {

	private final Path execJar = Path.of("/repo/product-service/target/product-service-0.1.0-SNAPSHOT-exec.jar");

	@Test
	void writesAnArchivePerInstanceUntilOneExists(@TempDir Path extracted) {
		ClassDataSharing.Launch first = ClassDataSharing.launch(extracted, this.execJar, "product-service");
		ClassDataSharing.Launch second = ClassDataSharing.launch(extracted, this.execJar, "product-service#2");

		assertThat(first.jar()).isEqualTo(extracted.resolve("product-service-0.1.0-SNAPSHOT-exec.jar"));
		assertThat(first.training()).isTrue();
		assertThat(first.jvmOptions()).containsExactly("-XX:ArchiveClassesAtExit=" + first.pendingArchive());
		assertThat(second.pendingArchive()).isNotEqualTo(first.pendingArchive());
	}

	@Test
	void keepsTheArchiveOfAnInstanceThatStoppedNormally(@TempDir Path extracted) throws Exception {
		ClassDataSharing.Launch launch = ClassDataSharing.launch(extracted, this.execJar, "user-service");
		Files.write(launch.pendingArchive(), new byte[] { 1, 2, 3 });

		assertThat(ClassDataSharing.settle(launch, 143)).isTrue();

		assertThat(launch.archive()).exists();
		assertThat(launch.pendingArchive()).doesNotExist();
		ClassDataSharing.Launch next = ClassDataSharing.launch(extracted, this.execJar, "user-service");
		assertThat(next.training()).isFalse();
		assertThat(next.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + launch.archive());
	}

	@Test
	void dropsTheArchiveOfAnInstanceThatWasKilled(@TempDir Path extracted) throws Exception {
		ClassDataSharing.Launch launch = ClassDataSharing.launch(extracted, this.execJar, "order-service");
		Files.write(launch.pendingArchive(), new byte[] { 1 });

		assertThat(ClassDataSharing.settle(launch, 137)).isFalse();

		assertThat(launch.archive()).doesNotExist();
		assertThat(launch.pendingArchive()).doesNotExist();
	}

}
