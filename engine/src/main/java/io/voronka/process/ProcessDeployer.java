package io.voronka.process;

import java.util.Map;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the shipped BPMN. Flowable's duplicate filter compares the resources with the last
 * deployment of the same name, so a restart with unchanged files deploys nothing new and running
 * instances stay on their version.
 */
public final class ProcessDeployer {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessDeployer.class);
    static final String DEPLOYMENT_NAME = "voronka-process-definitions";

    private ProcessDeployer() {
    }

    /** Deploys what changed; a file the policy refuses stops the deployment, naming file and element. */
    public static Deployment deploy(RepositoryService repository, Map<String, String> files, ProcessPolicy policy) {
        DeploymentBuilder builder = repository.createDeployment().name(DEPLOYMENT_NAME).enableDuplicateFiltering();
        int count = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (file.getKey().endsWith(".bpmn20.xml") || file.getKey().endsWith(".bpmn")) {
                try {
                    policy.check(file.getKey(), file.getValue());
                } catch (ProcessRejected rejected) {
                    throw new IllegalStateException("process-definitions/" + rejected.describe(), rejected);
                }
                builder.addString(file.getKey(), file.getValue());
                count++;
            }
        }
        if (count == 0) {
            LOG.warn("no BPMN files to deploy");
            return null;
        }
        Deployment deployment = builder.deploy();
        LOG.info("process definitions deployed: {} file(s), deployment {}", count, deployment.getId());
        return deployment;
    }
}
