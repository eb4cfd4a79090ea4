package io.voronka.process;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.cluster.CatalogsAcrossNodesTest;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deploying BPMN over the API: admins only, XML only, and what the policy refuses is named. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessDeployApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    TestServer server;
    ApiClient admin;

    @BeforeAll
    void signIn() {
        server = node.server();
        admin = node.admin();
    }

    @Test
    void deployingTheSameDocumentTwiceMakesOneVersion() {
        ApiClient.Response first = deploy(CatalogsAcrossNodesTest.REVIEW_DEALS.replace("deal-review", "deal-check"));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().getInteger("version")).isEqualTo(1);
        ApiClient.Response again = deploy(CatalogsAcrossNodesTest.REVIEW_DEALS.replace("deal-review", "deal-check"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getInteger("version")).isEqualTo(1);
    }

    @Test
    void scriptTaskIsRefusedNamingTheElement() {
        String script = CatalogsAcrossNodesTest.REVIEW_DEALS.replace(
                "<userTask id=\"review\" name=\"Review the deal\" flowable:candidateGroups=\"manager\"/>",
                "<scriptTask id=\"review\" scriptFormat=\"groovy\"><script>System.exit(0)</script></scriptTask>");
        assertProblem(deploy(script), 422, "review", "policy");
    }

    @Test
    void triggerOnAnUnknownEntityIsRefusedNamingTheProcess() {
        assertProblem(deploy(CatalogsAcrossNodesTest.REVIEW_DEALS.replace("entity=\"deal\"", "entity=\"spaceship\"")),
                422, "deal-review", "policy");
    }

    @Test
    void notBpmnIsRefused() {
        assertProblem(deploy("<html>hello</html>"), 422, "definitions", "policy");
        assertProblem(admin.send("POST", "/api/v1/process-definitions", "{\"xml\":\"<definitions/>\"}"), 415, null, null);
        assertProblem(admin.send("POST", "/api/v1/process-definitions", " ", "application/xml"), 400, "body", "required");
    }

    @Test
    void managerMayNotDeploy() {
        Leads.addManager(admin, "petr");
        ApiClient manager = server.anonymous().signIn("petr", "Manager-pass-123");
        assertProblem(manager.send("POST", "/api/v1/process-definitions", CatalogsAcrossNodesTest.REVIEW_DEALS, "application/xml"),
                403, null, null);
    }

    private ApiClient.Response deploy(String xml) {
        return admin.send("POST", "/api/v1/process-definitions", xml, "application/xml");
    }
}
