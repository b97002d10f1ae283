package eu.passerelle;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Domain rules are plain Java: no AWS, Spring or JSON library in the business packages
 * ({@code eu.passerelle.local} is the local runtime and {@code eu.passerelle.dynamodb} its DynamoDB
 * engine, both on the test class path only).
 */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("eu.passerelle");
        assertThat(classes).isNotEmpty();
    }

    @Test
    void domainPackagesStayPlainJava() {
        noClasses().that().resideOutsideOfPackages("eu.passerelle.functions..", "eu.passerelle.local..", "eu.passerelle.dynamodb..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.amazonaws..", "software.amazon..", "org.springframework..", "com.fasterxml..", "org.crac..")
                .because("handlers parse, call the domain and map the result; the domain knows nothing of AWS or Spring")
                .check(classes);
    }

    @Test
    void theDomainDoesNotReachIntoHandlers() {
        noClasses().that().resideOutsideOfPackages("eu.passerelle.functions..", "eu.passerelle.local..", "eu.passerelle.dynamodb..")
                .should().dependOnClassesThat().resideInAPackage("eu.passerelle.functions..")
                .check(classes);
    }
}
