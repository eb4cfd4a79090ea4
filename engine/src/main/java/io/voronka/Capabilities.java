package io.voronka;

import io.voronka.access.AccessCapability;
import io.voronka.auth.AuthCapability;
import io.voronka.file.FileCapability;
import io.voronka.form.FormCapability;
import io.voronka.kernel.Capability;
import io.voronka.live.LiveCapability;
import io.voronka.pipeline.PipelineCapability;
import io.voronka.plugin.PluginCapability;
import io.voronka.process.ProcessCapability;
import io.voronka.bulk.BulkCapability;
import io.voronka.record.RecordCapability;
import io.voronka.timeline.TimelineCapability;
import java.util.List;

/** The capabilities a node runs, in the order they start: each after those it requires. */
public final class Capabilities {

    private Capabilities() {
    }

    public static List<Capability> shipped() {
        return List.of(
                new AuthCapability(),
                new AccessCapability(),   // wraps the authenticator with teams; scopes for records
                new RecordCapability(),
                new BulkCapability(),     // mass actions through the record service
                new FileCapability(),     // file fields of records; a file is read by its records' readers
                new FormCapability(),
                new PluginCapability(),   // contributes the pluginAction step, so before processes
                new ProcessCapability(),
                new PipelineCapability(), // boards over the processes' lanes
                new TimelineCapability(), // reads process history and the plugin journal
                new LiveCapability());
    }
}
