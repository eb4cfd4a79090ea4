package io.voronka.kernel.field;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An index a definition asks for over several of its fields, in order ({@code {"fields": ["stage",
 * "closed_on", "amount", "contact_id"]}}): the entity's table gets one index over their columns, so
 * a question that narrows by the first fields and reads the rest (seed 004's won deals over an
 * amount in a window, counted per contact) is one index range. The fields may hold nulls or
 * repeat here: the definition's checks name what is wrong.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EntityIndex(List<String> fields) {

    public EntityIndex {
        fields = fields == null ? null : Collections.unmodifiableList(new ArrayList<>(fields));
    }
}
