package io.voronka.file.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.SQLDataType.BIGINT;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.SQLDataType;

/**
 * Uploaded files: one row each with what was sniffed from the bytes and their SHA-256; the bytes
 * themselves on disk under the data folder, or in {@code stored_file_content} when
 * {@code files.storage=database} (MariaDB's plain BLOB stops at 64 KB, hence LONGBLOB there).
 */
public class V10__stored_files extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createTable("stored_file")
                .column("id", VARCHAR(36).notNull())
                .column("name", VARCHAR(255).notNull())
                .column("size", BIGINT.notNull())
                .column("content_type", VARCHAR(100).notNull())
                .column("sha256", VARCHAR(64).notNull())
                .column("storage", VARCHAR(10).notNull())
                .column("uploaded_by", VARCHAR(100).notNull())
                .column("uploaded_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_stored_file").primaryKey("id"))
                .execute();
        if (sql.dialect() == SQLDialect.MARIADB) {
            // jOOQ's BLOB is MariaDB's 64 KB BLOB; a fixed statement names LONGBLOB (no input reaches it).
            sql.execute("create table stored_file_content (id varchar(36) not null, content longblob not null,"
                    + " constraint pk_stored_file_content primary key (id),"
                    + " constraint fk_stored_file_content foreign key (id) references stored_file (id))");
        } else {
            sql.createTable("stored_file_content")
                    .column("id", VARCHAR(36).notNull())
                    .column("content", SQLDataType.BLOB.notNull())
                    .constraints(constraint("pk_stored_file_content").primaryKey("id"),
                            constraint("fk_stored_file_content").foreignKey("id").references("stored_file", "id"))
                    .execute();
        }
    }
}
