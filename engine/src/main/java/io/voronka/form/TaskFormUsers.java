package io.voronka.form;

import java.util.List;

/**
 * Who still names a task form: the processes capability answers with the deployed processes whose
 * user tasks name it, so a form is not deleted from under them. A seam, because processes depend
 * on forms and not the other way round.
 */
@FunctionalInterface
public interface TaskFormUsers {

    /** Descriptions of the deployed processes (their newest versions) with a user task naming {@code formKey}. */
    List<String> processesNaming(String formKey);
}
