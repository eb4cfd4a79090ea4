package io.voronka.process;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.cluster.CatalogSync;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.ValidationProblem;
import java.util.List;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys BPMN sent by an admin: checked by {@link ProcessPolicy} first, then deployed to Flowable
 * (whose tables every node shares) and announced, so every node reloads its triggers and the next
 * record event starts the new version wherever it is handled.
 *
 * <p>Each process deployed through the API has a deployment name of its own ({@code api:<key>}),
 * apart from the shipped files' deployment: at start the files are compared with the files' last
 * deployment only, so an unchanged file never undoes an API deployment, and a changed file wins
 * (the same rule as entity definitions).
 */
public final class ProcessDefinitions {

    public static final String KIND = "processes";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessDefinitions.class);

    private final RepositoryService repository;
    private final ProcessPolicy policy;
    private final TriggerCatalog triggers;
    private CatalogSync sync;

    public ProcessDefinitions(RepositoryService repository, ProcessPolicy policy, TriggerCatalog triggers) {
        this.repository = repository;
        this.policy = policy;
        this.triggers = triggers;
    }

    /** Hands the triggers to the cluster's sync: they reload whenever a deployment happened anywhere. */
    public void syncWith(CatalogSync sync) {
        this.sync = sync;
        sync.register(KIND, () -> repository.createDeploymentQuery().count(), triggers::reload);
    }

    /** What a deployment left in force: the process, its version, and whether this call made it. */
    public record Deployed(String key, String name, int version, String id, boolean created, List<Trigger> triggers) {
    }

    /** Checks and deploys; an unchanged document deploys nothing. A refusal is a 422 naming the element. */
    public Deployed deploy(Actor actor, String xml) {
        BpmnModel model;
        try {
            model = policy.check("body", xml);
        } catch (ProcessRejected rejected) {
            throw DomainError.invalid(List.of(new ValidationProblem(rejected.element(), "policy", rejected.text())));
        }
        return deployDocument(actor, model.getProcesses().getFirst().getId(),
                xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Deploys a document already checked (a designer's model), as its exact bytes, so the
     * definition's XML is what the admin saved; an unchanged document deploys nothing.
     */
    public Deployed deployDocument(Actor actor, String key, byte[] document) {
        Integer before = latestVersion(key);
        Deployment deployment = repository.createDeployment().name("api:" + key).category(actor.username())
                .enableDuplicateFiltering().addBytes(key + ".bpmn20.xml", document).deploy();
        ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionKey(key)
                .latestVersion().singleResult();
        boolean created = before == null || definition.getVersion() != before;
        if (created) {
            LOG.info("process {} version {} deployed by {} (deployment {})", key, definition.getVersion(), actor.username(),
                    deployment.getId());
        }
        if (sync != null) {
            sync.changed(KIND);
        } else {
            triggers.reload();
        }
        return new Deployed(key, definition.getName(), definition.getVersion(), definition.getId(), created,
                triggers.all().stream().filter(t -> t.processKey().equals(key)).toList());
    }

    /** Whether a process with this key has been deployed (what a call activity may call). */
    public boolean isDeployed(String key) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(key).count() > 0;
    }

    private Integer latestVersion(String key) {
        ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
        return latest == null ? null : latest.getVersion();
    }
}
