package io.voronka.kernel.http;

import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import io.voronka.kernel.error.Message;
import java.util.Locale;

/**
 * The language a request's problems are worded in: the first of its {@code Accept-Language} tags
 * (by weight) that the engine speaks, else English. The console sends the language the user chose,
 * so that choice wins over the browser's.
 */
public final class Languages {

    private Languages() {
    }

    public static Locale of(RoutingContext ctx) {
        for (LanguageHeader tag : ctx.acceptableLanguages()) {
            if (tag.weight() <= 0) {
                continue;
            }
            for (Locale language : Message.LANGUAGES) {
                if (tag.tag().equalsIgnoreCase(language.getLanguage())) {
                    return language;
                }
            }
        }
        return Locale.ENGLISH;
    }
}
