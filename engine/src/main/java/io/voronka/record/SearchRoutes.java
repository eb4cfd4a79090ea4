package io.voronka.record;

import static io.vertx.core.http.HttpMethod.GET;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;

/** Global search over HTTP: the console's search box. */
public final class SearchRoutes {

    static final Schema SEARCH_RESULT = Schema.object()
            .required("items", Schema.arrayOf(Schema.object()
                    .required("entity", Schema.string())
                    .required("id", Schema.string())
                    .required("title", Schema.string().description("the title fields joined; the id when they are empty"))
                    .required("matched", Schema.string().description("the field that matched: a title field, a phone, an email"))
                    .named("SearchHit")))
            .named("SearchResult");

    private final RecordService records;

    public SearchRoutes(RecordService records) {
        this.records = records;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/search").tag("records")
                .summary("Search every entity you may read: names by the start of any word in any case, phones in any "
                        + "spelling, emails; exact phone or email first, then names")
                .requiredQuery("q", Schema.string().maxLength(200))
                .query("limit", Schema.integer().between(1, 50).description("default 20"))
                .answers(SEARCH_RESULT).signedIn(this::search);
    }

    private Reply search(Call call) {
        JsonArray items = new JsonArray();
        records.search(call.actor(), call.query("q"), call.intQuery("limit", 20, 1, 50)).forEach(hit -> items.add(
                new JsonObject().put("entity", hit.entity()).put("id", hit.id()).put("title", hit.title())
                        .put("matched", hit.matched())));
        return Reply.ok(new JsonObject().put("items", items));
    }
}
