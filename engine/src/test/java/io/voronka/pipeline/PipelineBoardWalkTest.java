package io.voronka.pipeline;

import io.voronka.testing.BrowserWalk;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's funnel board in Debian's Chromium, in Russian, against a running node: a deal runs
 * through a laned nonlinear process on the kanban (a refused move says which step leads to the
 * stage and the card stays, a loop back, two parallel stages at once, a message delivered by a
 * drag) and another is lost with a reason and a comment (console/e2e/pipeline-board.e2e.mjs).
 */
class PipelineBoardWalkTest {

    @Test
    void aDealRunsThroughTheSaleOnTheBoardInRussian() throws Exception {
        BrowserWalk.run("pipeline-board.e2e.mjs", "pipeline-board", Map.of("WALK_LOCALE", "ru-RU"), 240);
    }
}
