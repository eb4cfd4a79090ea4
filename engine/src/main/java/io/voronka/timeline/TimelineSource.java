package io.voronka.timeline;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One kind of thing a card's timeline shows. Each answers its newest {@code limit} entries of a
 * record at or before a time, newest first, from an index range; the timeline merges them.
 */
interface TimelineSource {

    /** {@code atOrBefore} null: from the newest. */
    List<TimelineEntry> newestFirst(String entity, String recordId, LocalDateTime atOrBefore, int limit);
}
