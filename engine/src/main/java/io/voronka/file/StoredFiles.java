package io.voronka.file;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The stored_file rows, and the bytes of files kept in the database. */
final class StoredFiles {

    private static final Table<?> FILE = table(name("stored_file"));
    private static final Table<?> CONTENT = table(name("stored_file_content"));
    private static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    private static final Field<String> NAME = field(name("name"), SQLDataType.VARCHAR);
    private static final Field<Long> SIZE = field(name("size"), SQLDataType.BIGINT);
    private static final Field<String> TYPE = field(name("content_type"), SQLDataType.VARCHAR);
    private static final Field<String> SHA = field(name("sha256"), SQLDataType.VARCHAR);
    private static final Field<String> STORAGE = field(name("storage"), SQLDataType.VARCHAR);
    private static final Field<String> BY = field(name("uploaded_by"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> AT = field(name("uploaded_at"), SQLDataType.LOCALDATETIME);
    private static final Field<byte[]> BYTES = field(name("content"), SQLDataType.BLOB);

    private final SQLDialect dialect;

    StoredFiles(SQLDialect dialect) {
        this.dialect = dialect;
    }

    private DSLContext sql(Connection connection) {
        return DSL.using(connection, dialect);
    }

    void insert(Connection connection, StoredFile file, byte[] content) {
        sql(connection).insertInto(FILE).set(ID, file.id()).set(NAME, file.name()).set(SIZE, file.size())
                .set(TYPE, file.contentType()).set(SHA, file.sha256()).set(STORAGE, file.inDatabase() ? "database" : "disk")
                .set(BY, file.uploadedBy()).set(AT, file.uploadedAt()).execute();
        if (content != null) {
            sql(connection).insertInto(CONTENT).set(ID, file.id()).set(BYTES, content).execute();
        }
    }

    Optional<StoredFile> find(Connection connection, String id) {
        return sql(connection).select(ID, NAME, SIZE, TYPE, SHA, STORAGE, BY, AT).from(FILE).where(ID.eq(id))
                .fetchOptional().map(StoredFiles::read);
    }

    byte[] content(Connection connection, String id) {
        return sql(connection).select(BYTES).from(CONTENT).where(ID.eq(id)).fetchOne(BYTES);
    }

    private static StoredFile read(Record r) {
        return new StoredFile(r.get(ID), r.get(NAME), r.get(SIZE), r.get(TYPE), r.get(SHA),
                "database".equals(r.get(STORAGE)), r.get(BY), r.get(AT));
    }
}
