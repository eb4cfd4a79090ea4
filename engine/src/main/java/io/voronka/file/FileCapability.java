package io.voronka.file;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.record.FileReferences;
import io.voronka.record.RecordService;
import java.nio.file.Path;
import java.util.List;

/**
 * Uploaded files for {@code "type":"file"} fields: the files API, and the check record validation
 * asks before a file goes into a record. Needs the records, whose readers are a file's readers.
 */
public final class FileCapability implements Capability {

    @Override
    public String name() {
        return "files";
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:io/voronka/file/migration");
    }

    @Override
    public void start(Kernel kernel) {
        Path data = kernel.config().dataDir().toAbsolutePath();
        FileService files = new FileService(kernel.database(), kernel.config().files(), data.resolve("files"),
                kernel.require(FileReferences.class));
        kernel.require(RecordService.class).acceptFiles(files);
        kernel.provide(FileService.class, files);
        kernel.routes(new FileRoutes(files, data.resolve("uploads"))::register);
    }
}
