package io.voronka.access;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A group of users whose records its members see together; the head is one of the members. */
public record Team(String id, String name, String head, List<String> members) {

    public Team {
        members = List.copyOf(members);
    }

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("name", name).put("head", head).put("members", new JsonArray(members));
    }
}
