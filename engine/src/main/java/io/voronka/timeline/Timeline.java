package io.voronka.timeline;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.record.RecordData;
import io.voronka.record.RecordService;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A record's card timeline, newest first: its creation, field changes, deletions and restores,
 * comments, reminders, tasks, process steps and messages, merged from their sources a page at a
 * time. Each source reads only its newest entries at or before the cursor's time (an index range),
 * so a page costs a few small queries however long the record's life. Read scope as for the
 * record itself: a record the actor may not read answers 404.
 */
final class Timeline {

    /** A page of entries and the cursor after it (null on the last page). */
    record Page(List<TimelineEntry> items, String next) {
    }

    static final Comparator<TimelineEntry> NEWEST_FIRST = Comparator.comparing(TimelineEntry::at).reversed()
            .thenComparing(TimelineEntry::id, Comparator.reverseOrder());

    private final RecordService records;
    private final List<TimelineSource> sources;

    Timeline(RecordService records, List<TimelineSource> sources) {
        this.records = records;
        this.sources = List.copyOf(sources);
    }

    Page page(Actor actor, String entity, String recordId, int limit, String before) {
        TimelineCursor cursor = before == null ? null : TimelineCursor.decode(before);
        RecordData record = records.get(actor, entity, recordId);
        LocalDateTime atOrBefore = cursor == null ? null : cursor.at();
        Set<String> shown = cursor == null ? Set.of() : cursor.shown();
        // Enough from each source that, after leaving out what was shown, a full page and one more remain.
        int each = limit + shown.size() + 1;
        List<TimelineEntry> merged = new ArrayList<>();
        for (TimelineSource source : sources) {
            merged.addAll(source.newestFirst(record.entity(), recordId, atOrBefore, each));
        }
        if (atOrBefore == null || !record.createdAt().isAfter(atOrBefore)) {
            merged.add(new TimelineEntry("created", "created", record.createdAt(), record.createdBy(), new JsonObject()));
        }
        List<TimelineEntry> fresh = merged.stream().filter(e -> !shown.contains(e.id())).sorted(NEWEST_FIRST).toList();
        if (fresh.size() <= limit) {
            return new Page(fresh, null);
        }
        List<TimelineEntry> items = fresh.subList(0, limit);
        LocalDateTime last = items.getLast().at();
        Set<String> shownAtLast = new LinkedHashSet<>();
        if (last.equals(atOrBefore)) {
            shownAtLast.addAll(shown);
        }
        items.stream().filter(e -> e.at().equals(last)).forEach(e -> shownAtLast.add(e.id()));
        return new Page(List.copyOf(items), new TimelineCursor(last, shownAtLast).encode());
    }
}
