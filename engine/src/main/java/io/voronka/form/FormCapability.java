package io.voronka.form;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.config.ContentFolder;
import io.voronka.record.RecordValidation;

/** Task forms from {@code forms/}: what a user task asks for, its answers checked like record values. */
public final class FormCapability implements Capability {

    @Override
    public String name() {
        return "task forms";
    }

    @Override
    public void start(Kernel kernel) {
        kernel.provide(FormCatalog.class, FormCatalog.load(ContentFolder.read(kernel.config().formsDir(), "forms"),
                kernel.require(RecordValidation.class)));
    }
}
