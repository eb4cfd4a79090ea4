package io.voronka.benchmarks;

import java.util.Locale;

/** A benchmark's command line, {@code [size] [--db h2|mariadb] [--rounds n]}, each part defaulting to the benchmark's own. */
record RunArguments(int size, int rounds, ScratchDatabase.Kind db) {

    static RunArguments parse(String[] args, int size, int rounds, ScratchDatabase.Kind db) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> db = ScratchDatabase.Kind.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> size = Integer.parseInt(args[i]);
            }
        }
        return new RunArguments(size, rounds, db);
    }
}
