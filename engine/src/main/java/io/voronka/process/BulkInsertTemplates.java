package io.voronka.process;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.mapping.SqlSource;
import org.apache.ibatis.scripting.xmltags.DynamicSqlSource;
import org.apache.ibatis.scripting.xmltags.ForEachSqlNode;
import org.apache.ibatis.scripting.xmltags.MixedSqlNode;
import org.apache.ibatis.scripting.xmltags.SqlNode;
import org.apache.ibatis.scripting.xmltags.StaticTextSqlNode;
import org.apache.ibatis.session.Configuration;
import org.flowable.common.engine.impl.AbstractEngineConfiguration;
import org.flowable.common.engine.impl.EngineConfigurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flowable writes the new rows of one kind (a process's variables, its activities) as one multi-row
 * insert, a MyBatis {@code <foreach>} statement. MyBatis builds that statement's text and parses its
 * parameters anew on every flush: 44% of bare Flowable's CPU while it started leads on MariaDB. A
 * statement made only of fixed text and one loop over the rows has a text that depends on nothing
 * but how many rows it writes, and parameter types that depend on nothing but the rows' class; so
 * each such insert is built once per row count and class and then reused, with the rows of the
 * flush bound in.
 *
 * <p>Applied to the engine's MyBatis statements once they are loaded ({@link #configure}); a
 * statement of any other shape (a condition, a text substitution, a second loop) keeps MyBatis's
 * own source, and so does one call whose bindings this does not recognise.
 */
final class BulkInsertTemplates implements EngineConfigurator {

    private static final Logger LOG = LoggerFactory.getLogger(BulkInsertTemplates.class);

    /** Flowable splits a flush into inserts of at most 100 rows; more than this is never cached. */
    private static final int MOST_ROWS = 1_000;

    @Override
    public void beforeInit(AbstractEngineConfiguration engine) {
    }

    @Override
    public void configure(AbstractEngineConfiguration engine) {
        List<String> templated = apply(engine.getSqlSessionFactory().getConfiguration());
        LOG.debug("multi-row inserts built once per row count: {}", templated);
    }

    @Override
    public int getPriority() {
        return 0;
    }

    /** Replaces the source of every qualifying insert; answers their ids. */
    static List<String> apply(Configuration configuration) {
        Set<MappedStatement> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> templated = new ArrayList<>();
        // A statement is listed under its full and its short id; each is handled once.
        for (Object entry : new ArrayList<Object>(configuration.getMappedStatements())) {
            if (entry instanceof MappedStatement statement && seen.add(statement)
                    && statement.getSqlCommandType() == SqlCommandType.INSERT
                    && statement.getSqlSource() instanceof DynamicSqlSource dynamic) {
                Shape shape = Shape.of(dynamic);
                if (shape != null) {
                    set(statement, new Templated(configuration, dynamic, shape.collection()));
                    templated.add(statement.getId());
                }
            }
        }
        return templated;
    }

    /** The one loop of a statement whose only other parts are fixed text. */
    record Shape(String collection) {

        static Shape of(DynamicSqlSource source) {
            SqlNode root = (SqlNode) read(source, DynamicSqlSource.class, "rootSqlNode");
            List<SqlNode> parts = root instanceof MixedSqlNode mixed ? contents(mixed) : List.of(root);
            String collection = null;
            for (SqlNode part : parts) {
                if (part instanceof ForEachSqlNode loop && collection == null
                        && onlyText((SqlNode) read(loop, ForEachSqlNode.class, "contents"))) {
                    collection = (String) read(loop, ForEachSqlNode.class, "collectionExpression");
                } else if (!(part instanceof StaticTextSqlNode)) {
                    return null;
                }
            }
            // MyBatis names a list parameter "list" and "collection"; anything else is an expression.
            return "list".equals(collection) || "collection".equals(collection) ? new Shape(collection) : null;
        }

        private static boolean onlyText(SqlNode node) {
            if (node instanceof StaticTextSqlNode) {
                return true;
            }
            return node instanceof MixedSqlNode mixed && contents(mixed).stream().allMatch(StaticTextSqlNode.class::isInstance);
        }

        @SuppressWarnings("unchecked")
        private static List<SqlNode> contents(MixedSqlNode mixed) {
            return (List<SqlNode>) read(mixed, MixedSqlNode.class, "contents");
        }
    }

    /**
     * The statement's source: MyBatis's own for the first call with a row count and class, which is
     * then kept as text, parameter mappings and where each binding came from.
     */
    static final class Templated implements SqlSource {

        private final Configuration configuration;
        private final DynamicSqlSource built;
        private final String collection;
        private final Map<Key, Template> templates = new ConcurrentHashMap<>();

        Templated(Configuration configuration, DynamicSqlSource built, String collection) {
            this.configuration = configuration;
            this.built = built;
            this.collection = collection;
        }

        @Override
        public BoundSql getBoundSql(Object parameter) {
            List<?> rows = rows(parameter);
            Key key = rows == null ? null : Key.of(rows);
            if (key == null) {
                return built.getBoundSql(parameter);
            }
            Template template = templates.get(key);
            if (template != null) {
                return template.bind(configuration, parameter, rows);
            }
            BoundSql bound = built.getBoundSql(parameter);
            Template learnt = Template.of(bound, parameter, rows);
            if (learnt != null) {
                templates.putIfAbsent(key, learnt);
            }
            return bound;
        }

        /** The templates learnt so far, by row count and class. */
        Map<Key, Template> templates() {
            return Map.copyOf(templates);
        }

        private List<?> rows(Object parameter) {
            Object rows = parameter instanceof Map<?, ?> named ? named.get(collection) : parameter;
            return rows instanceof List<?> list ? list : null;
        }
    }

    /** Rows of one class, as many as this: they give the same text and parameter types. */
    record Key(int size, Class<?> type) {

        static Key of(List<?> rows) {
            if (rows.isEmpty() || rows.size() > MOST_ROWS || rows.get(0) == null) {
                return null;
            }
            Class<?> type = rows.get(0).getClass();
            for (Object row : rows) {
                if (row == null || row.getClass() != type) {
                    return null;
                }
            }
            return new Key(rows.size(), type);
        }
    }

    /**
     * One built statement, and for each of its bindings whether it was the call's parameter, a row
     * (by position) or a fixed value (the database id MyBatis binds).
     */
    record Template(String sql, List<ParameterMapping> mappings, Map<String, Integer> rowBindings,
                    List<String> parameterBindings, Map<String, Object> fixedBindings) {

        static Template of(BoundSql bound, Object parameter, List<?> rows) {
            Map<Object, Integer> positions = new IdentityHashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                if (positions.put(rows.get(i), i) != null) {
                    return null; // the same row twice: a binding's position would be a guess
                }
            }
            Map<String, Integer> rowBindings = new java.util.HashMap<>();
            List<String> parameterBindings = new ArrayList<>();
            Map<String, Object> fixedBindings = new java.util.HashMap<>();
            for (Map.Entry<String, Object> binding : bound.getAdditionalParameters().entrySet()) {
                Object value = binding.getValue();
                Integer position = positions.get(value);
                if (position != null) {
                    rowBindings.put(binding.getKey(), position);
                } else if (value == parameter) {
                    parameterBindings.add(binding.getKey());
                } else if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
                    fixedBindings.put(binding.getKey(), value);
                } else {
                    return null; // a binding of a kind the loop does not make: leave it to MyBatis
                }
            }
            if (!covers(bound.getParameterMappings(), rowBindings.keySet())) {
                return null;
            }
            return new Template(bound.getSql(), List.copyOf(bound.getParameterMappings()), Map.copyOf(rowBindings),
                    List.copyOf(parameterBindings), java.util.Collections.unmodifiableMap(fixedBindings));
        }

        /** Every parameter reads a row's property: nothing else could change between two calls. */
        private static boolean covers(List<ParameterMapping> mappings, Set<String> names) {
            for (ParameterMapping mapping : mappings) {
                String property = mapping.getProperty();
                int dot = property.indexOf('.');
                if (!names.contains(dot < 0 ? property : property.substring(0, dot))) {
                    return false;
                }
            }
            return true;
        }

        BoundSql bind(Configuration configuration, Object parameter, List<?> rows) {
            BoundSql bound = new BoundSql(configuration, sql, mappings, parameter);
            fixedBindings.forEach(bound::setAdditionalParameter);
            parameterBindings.forEach(name -> bound.setAdditionalParameter(name, parameter));
            rowBindings.forEach((name, position) -> bound.setAdditionalParameter(name, rows.get(position)));
            return bound;
        }
    }

    private static Object read(Object owner, Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MyBatis " + type.getSimpleName() + " has no field " + name
                    + "; this MyBatis version needs BulkInsertTemplates reviewed", e);
        }
    }

    private static void set(MappedStatement statement, SqlSource source) {
        try {
            Field field = MappedStatement.class.getDeclaredField("sqlSource");
            field.setAccessible(true);
            field.set(statement, source);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MyBatis MappedStatement has no field sqlSource; this MyBatis version"
                    + " needs BulkInsertTemplates reviewed", e);
        }
    }
}
