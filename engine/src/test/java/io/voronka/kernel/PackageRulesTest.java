package io.voronka.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape the next capabilities stand on: the kernel never imports a capability, no package
 * depends on itself through others, and no service knows about HTTP statuses.
 */
class PackageRulesTest {

    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.voronka");
    }

    @Test
    void kernelImportsNoCapability() {
        noClasses().that().resideInAPackage("io.voronka.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.voronka.record..", "io.voronka.form..", "io.voronka.process..", "io.voronka.plugin",
                        "io.voronka.auth..", "io.voronka.access..", "io.voronka.live..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.voronka.VoronkaServer")
                .because("capabilities stand on the kernel; a kernel that knows a capability cannot be reused by the next one")
                .check(engine);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.voronka.(*)..").should().beFreeOfCycles()
                .because("a cycle between capabilities means neither can change alone").check(engine);
        slices().matching("io.voronka.kernel.(*)..").should().beFreeOfCycles().check(engine);
    }

    @Test
    void onlyRoutesAndTheirWiringKnowHttp() {
        noClasses().that().resideOutsideOfPackage("io.voronka.kernel.http..")
                .and().haveSimpleNameNotEndingWith("Routes").and().haveSimpleNameNotEndingWith("Capability")
                .and().haveSimpleNameNotEndingWith("Streams") // server-sent event endpoints own their responses
                .and().doNotHaveFullyQualifiedName("io.voronka.kernel.Kernel")
                .and().resideOutsideOfPackage("io.voronka")
                .should().dependOnClassesThat().resideInAPackage("io.voronka.kernel.http..")
                .orShould().dependOnClassesThat().resideInAPackage("io.vertx.ext.web..")
                .because("services raise domain errors; only routes turn them into HTTP statuses")
                .check(engine);
    }

    @Test
    void theEngineIsImported() {
        org.assertj.core.api.Assertions.assertThat(engine.containPackage("io.voronka.kernel.rule")).isTrue();
        org.assertj.core.api.Assertions.assertThat(engine.size()).isGreaterThan(150);
    }

    @Test
    void capabilitiesDoNotReachIntoTheServer() {
        noClasses().that().resideOutsideOfPackage("io.voronka")
                .should().dependOnClassesThat().resideInAPackage("io.voronka")
                .because("a capability gets what it needs from the kernel, not from the node that wires it")
                .check(engine);
    }
}
