package io.voronka.form;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.cluster.CatalogSync;
import io.voronka.kernel.config.ContentFolder;
import io.voronka.record.RecordValidation;
import java.util.List;

/**
 * Task forms: what a user task asks for, its answers checked like record values. Stored in the
 * database with versions; files of {@code forms/tasks/} changed since the last start are applied,
 * admins change them through the API, and every node sees a change without a restart.
 */
public final class FormCapability implements Capability {

    @Override
    public String name() {
        return "task forms";
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:io/voronka/form/migration");
    }

    @Override
    public void start(Kernel kernel) {
        TaskForms forms = new TaskForms(kernel.database());
        forms.applyFiles(ContentFolder.read(kernel.config().formsDir(), "forms"));
        forms.syncWith(kernel.require(CatalogSync.class));
        kernel.provide(TaskForms.class, forms);
        kernel.provide(FormCatalog.class, new FormCatalog(forms::forms, kernel.require(RecordValidation.class)));
        // Processes start after forms; until they do (or without them) no deployed process names a form.
        kernel.routes(new TaskFormRoutes(forms,
                key -> kernel.find(TaskFormUsers.class).map(users -> users.processesNaming(key)).orElse(List.of()))::register);
    }
}
