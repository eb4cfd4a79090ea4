package io.voronka.kernel.field;

import java.sql.Connection;

/**
 * Whether a file may be put in a record's file field, asked by record validation of whoever stores
 * files: the file exists and the person uploaded it, or it is already attached to a record they
 * may read. Without a file store nothing may be attached.
 */
public interface Attachments {

    Attachments NONE = (connection, fileId, username, readableElsewhere) -> false;

    /**
     * {@code readableElsewhere} answers whether the file is already in a record the person may read;
     * asked only for a file they did not upload. {@code username} null means the system: any stored file.
     */
    boolean mayAttach(Connection connection, String fileId, String username, java.util.function.BooleanSupplier readableElsewhere);
}
