package io.voronka.record;

import java.util.List;

/** One page of a record list and how many records match in all. */
public record RecordPage(List<RecordData> items, int total) {
}
