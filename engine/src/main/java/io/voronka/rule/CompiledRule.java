package io.voronka.rule;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.mvel2.MVEL;
import org.mvel2.integration.impl.MapVariableResolverFactory;

/** A rule that passed the sandbox; evaluating it never changes the caller's variables. */
public final class CompiledRule {

    private final String name;
    private final String source;
    private final Serializable compiled;

    CompiledRule(String name, String source, Serializable compiled) {
        this.name = name;
        this.source = source;
        this.compiled = compiled;
    }

    public Object evaluate(Map<String, ?> variables) {
        return MVEL.executeExpression(compiled, new MapVariableResolverFactory(new HashMap<>(variables)));
    }

    public String name() {
        return name;
    }

    public String source() {
        return source;
    }
}
