package shop.order;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "shop.order", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/** The HTTP adapter: controllers, their advice and the views they answer with (nested ones included). */
	// The static DescribedPredicate.or/and on purpose: the instance form a.or(b) with b typed more narrowly than a
	// silently binds to the static varargs method, which drops a.
	private static final DescribedPredicate<JavaClass> WEB_ADAPTERS = DescribedPredicate
		.<JavaClass>or(annotatedWith(RestController.class), annotatedWith(RestControllerAdvice.class),
				simpleNameEndingWith("View"),
				DescribedPredicate.describe("nested in a view", (JavaClass type) -> type.getEnclosingClass()
					.map((outer) -> outer.getSimpleName().endsWith("View"))
					.orElse(false)))
		.as("web adapters");

	private static final DescribedPredicate<JavaClass> DOMAIN = DescribedPredicate
		.<JavaClass>and(resideInAnyPackage("shop.order.orders..", "shop.order.tracking.."),
				DescribedPredicate.not(WEB_ADAPTERS))
		.as("domain code");

	@ArchTest
	static final ArchRule FEATURE_PACKAGES_ARE_FREE_OF_CYCLES = slices().matching("shop.order.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule DOMAIN_DOES_NOT_USE_WEB_TYPES = noClasses().that(DOMAIN)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
				"org.springframework.security.web..", "org.springframework.security.oauth2..",
				"org.springframework.data.web..")
		.orShould()
		.dependOnClassesThat(WEB_ADAPTERS);

	@ArchTest
	static final ArchRule ORDERS_DO_NOT_KNOW_HOW_EVENTS_ARRIVE = noClasses().that()
		.resideInAPackage("shop.order.orders..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..", "shop.chassis.kafka..");

}
