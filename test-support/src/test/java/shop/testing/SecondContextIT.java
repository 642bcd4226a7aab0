package shop.testing;

import org.junit.jupiter.api.Test;
import shop.testing.sample.SampleApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A different configuration, hence a second application context: it must not see the first one's database. */
@SpringBootTest(classes = SampleApplication.class,
		properties = { "spring.kafka.consumer.group-id=second", "spring.kafka.listener.auto-startup=false" })
@Import(ShopTestInfrastructure.class)
class SecondContextIT {

	@Autowired
	JdbcClient jdbc;

	@Test
	void givesThisContextAnotherEmptyDatabase() {
		FreshDatabaseAssertions.assertFreshAndClaim(this.jdbc);
	}

}
