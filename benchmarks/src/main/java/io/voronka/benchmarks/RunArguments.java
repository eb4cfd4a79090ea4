package io.voronka.benchmarks;

import java.util.Locale;

/**
 * A benchmark's command line, {@code [size] [--db h2|mariadb] [--rounds n] [--keep name]}, each part
 * defaulting to the benchmark's own; {@code keep} is null unless a benchmark that offers it was asked
 * to keep its database.
 */
record RunArguments(int size, int rounds, ScratchDatabase.Kind db, String keep) {

    static RunArguments parse(String[] args, int size, int rounds, ScratchDatabase.Kind db) {
        RunArguments run = parseKeeping(args, size, rounds, db);
        if (run.keep() != null) {
            throw new IllegalArgumentException("this benchmark always measures on a fresh database: no --keep");
        }
        return run;
    }

    /** As {@link #parse}, for a benchmark that can keep its loaded database between runs. */
    static RunArguments parseKeeping(String[] args, int size, int rounds, ScratchDatabase.Kind db) {
        String keep = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> db = ScratchDatabase.Kind.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--keep" -> keep = args[++i];
                default -> size = Integer.parseInt(args[i]);
            }
        }
        return new RunArguments(size, rounds, db, keep);
    }

    /** A fresh database of the asked kind, or the kept one. */
    ScratchDatabase database(String side) throws java.io.IOException, java.sql.SQLException {
        if (keep == null) {
            return ScratchDatabase.create(db, side);
        }
        return ScratchDatabase.kept(db, keep);
    }
}
