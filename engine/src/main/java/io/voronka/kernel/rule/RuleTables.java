package io.voronka.kernel.rule;

import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.impl.DSL;

/**
 * Where the records a filter reads are stored. The capability that owns the records answers from its
 * schema registry, so every table and column name in a compiled filter comes from there and none
 * from the filter's text; the rule kernel itself knows no capability's tables.
 */
public interface RuleTables {

    /** The table holding this entity's records. */
    String table();

    /** The column holding the records' ids. */
    default String idColumn() {
        return "id";
    }

    /** The column a field is stored in and its type; asked only for fields the rule schema named. */
    String column(String field);

    DataType<?> columnType(String field);

    /**
     * A link between two tables: the records it leads to and the column holding the link, or for a
     * many-to-many link ({@code through} not null) the link table between them.
     */
    record Link(RuleTables target, String column, Through through) {
        public Link(RuleTables target, String column) {
            this(target, column, null);
        }
    }

    /** A link table: {@code here} holds this record's id, {@code there} the linked record's. */
    record Through(String table, String here, String there) {
    }

    /**
     * The index that finds this table's rows by the link column {@code column} (the rows one record
     * has), if the table has one by name. A correlated {@code any(deals, ...)} probes it per owner.
     */
    default Optional<String> linkIndex(String column) {
        return Optional.empty();
    }

    /** Many-to-one: {@code contact} on a deal; the column is on this table and holds the target's id. */
    Optional<Link> link(String name);

    /** One-to-many: {@code deals} on a contact; the column is on the target's table and holds this id. */
    Optional<Link> collection(String name);

    /**
     * The rows of this table the filter may read when it reaches them through a link, as a
     * condition over the table under {@code alias}: a filter must not tell its author about
     * linked records they may not see. Every row by default.
     */
    default Condition readable(org.jooq.Name alias) {
        return DSL.noCondition();
    }
}
