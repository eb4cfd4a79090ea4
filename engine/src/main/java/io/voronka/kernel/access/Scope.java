package io.voronka.kernel.access;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which records of an entity a role reaches for one operation: all of them, none, or those whose
 * responsible user is the actor ({@code own}), a member of one of the actor's teams ({@code team}),
 * or nobody ({@code unassigned}, a pool to take leads from).
 */
public record Scope(boolean all, Set<Reach> reach) {

    public enum Reach {
        OWN, TEAM, UNASSIGNED;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Scope ALL = new Scope(true, Set.of());
    public static final Scope NONE = new Scope(false, Set.of());

    public Scope {
        reach = all || reach.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reach));
    }

    public static Scope of(Reach... reach) {
        return new Scope(false, Set.of(reach));
    }

    public boolean none() {
        return !all && reach.isEmpty();
    }

    /** What an actor with two roles reaches: everything either role reaches. */
    public Scope union(Scope other) {
        if (all || other.all) {
            return ALL;
        }
        Set<Reach> both = EnumSet.noneOf(Reach.class);
        both.addAll(reach);
        both.addAll(other.reach);
        return new Scope(false, both);
    }

    /** The stored form: {@code all}, {@code none} or reaches joined by commas in a fixed order. */
    public String text() {
        if (all) {
            return "all";
        }
        if (reach.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        EnumSet.copyOf(reach).forEach(r -> parts.add(r.json()));
        return String.join(",", parts);
    }

    /** Reads {@link #text()}; empty for anything else. */
    public static Optional<Scope> parse(String text) {
        if ("all".equals(text)) {
            return Optional.of(ALL);
        }
        if ("none".equals(text)) {
            return Optional.of(NONE);
        }
        Set<Reach> reach = EnumSet.noneOf(Reach.class);
        for (String part : text.split(",")) {
            Optional<Reach> one = reach(part);
            if (one.isEmpty()) {
                return Optional.empty();
            }
            reach.add(one.get());
        }
        return Optional.of(new Scope(false, reach));
    }

    public static Optional<Reach> reach(String word) {
        for (Reach r : Reach.values()) {
            if (r.json().equals(word)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
