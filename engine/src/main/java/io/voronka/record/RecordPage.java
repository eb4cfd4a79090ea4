package io.voronka.record;

import java.util.List;

/**
 * One page of a record list; {@code next} continues it (null on the last page). {@code count} is
 * null unless asked for; when more records match than the count limit it is that limit and
 * {@code countApproximate} is true ("more than this many").
 */
public record RecordPage(List<RecordData> items, String next, Long count, boolean countApproximate, Long total) {

    /** {@code total} is the exact number of matches, null unless asked for ({@code count=exact}). */
    public RecordPage(List<RecordData> items, String next, Long count, boolean countApproximate) {
        this(items, next, count, countApproximate, null);
    }
}
