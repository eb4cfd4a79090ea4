package io.voronka.process;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The {@code process_model} table: every saved revision of every model, the document as its bytes. */
final class ProcessModelStore {

    private static final Table<Record> TABLE = table(name("process_model"));
    private static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    private static final Field<Integer> REVISION = field(name("revision"), SQLDataType.INTEGER);
    private static final Field<String> KEY = field(name("process_key"), SQLDataType.VARCHAR);
    private static final Field<String> NAME = field(name("name"), SQLDataType.VARCHAR);
    private static final Field<byte[]> DOCUMENT = field(name("document"), SQLDataType.BLOB);
    private static final Field<String> FINDINGS = field(name("findings"), SQLDataType.CLOB);
    private static final Field<String> SAVED_BY = field(name("saved_by"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> SAVED_AT = field(name("saved_at"), SQLDataType.LOCALDATETIME(3));
    private static final Field<String> DEPLOYED = field(name("deployed_definition"), SQLDataType.VARCHAR);

    /** One revision without its document. */
    record Revision(String id, int revision, String key, String name, String findings, String savedBy,
                    LocalDateTime savedAt, String deployedDefinitionId) {
    }

    private final SQLDialect dialect;

    ProcessModelStore(SQLDialect dialect) {
        this.dialect = dialect;
    }

    void insert(Connection c, Revision revision, byte[] document) {
        sql(c).insertInto(TABLE).set(ID, revision.id()).set(REVISION, revision.revision()).set(KEY, revision.key())
                .set(NAME, revision.name()).set(DOCUMENT, document).set(FINDINGS, revision.findings())
                .set(SAVED_BY, revision.savedBy()).set(SAVED_AT, revision.savedAt()).execute();
    }

    /** The newest revision of a model, or empty when there is no such model. */
    Optional<Revision> latest(Connection c, String id) {
        return sql(c).select(ID, REVISION, KEY, NAME, FINDINGS, SAVED_BY, SAVED_AT, DEPLOYED).from(TABLE)
                .where(ID.eq(id)).orderBy(REVISION.desc()).limit(1).fetchOptional().map(ProcessModelStore::revision);
    }

    /** The newest revision of every model, most recently saved first. */
    List<Revision> latestOfEach(Connection c) {
        var newest = sql(c).select(ID.as("mid"), DSL.max(REVISION).as("mrev")).from(TABLE).groupBy(ID).asTable("n");
        return sql(c).select(ID, REVISION, KEY, NAME, FINDINGS, SAVED_BY, SAVED_AT, DEPLOYED).from(TABLE)
                .join(newest).on(ID.eq(newest.field("mid", String.class)).and(REVISION.eq(newest.field("mrev", Integer.class))))
                .orderBy(SAVED_AT.desc(), ID).limit(1000).fetch().map(ProcessModelStore::revision);
    }

    Optional<byte[]> document(Connection c, String id, int revision) {
        return sql(c).select(DOCUMENT).from(TABLE).where(ID.eq(id).and(REVISION.eq(revision))).fetchOptional(DOCUMENT);
    }

    void deployed(Connection c, String id, int revision, String definitionId) {
        sql(c).update(TABLE).set(DEPLOYED, definitionId).where(ID.eq(id).and(REVISION.eq(revision))).execute();
    }

    private static Revision revision(Record r) {
        return new Revision(r.get(ID), r.get(REVISION), r.get(KEY), r.get(NAME), r.get(FINDINGS), r.get(SAVED_BY),
                r.get(SAVED_AT), r.get(DEPLOYED));
    }

    private DSLContext sql(Connection c) {
        return DSL.using(c, dialect);
    }
}
