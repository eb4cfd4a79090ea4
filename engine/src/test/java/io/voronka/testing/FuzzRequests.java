package io.voronka.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes hostile but well-framed HTTP requests from the API's own route list: odd path ids,
 * broken percent-escapes, 4-byte characters, huge strings, wrong JSON types, deep nesting, huge
 * numbers, out-of-range dates, nulls, control characters. Request {@code n} of a seed is always the
 * same request, so a failure is reproduced by its seed and number.
 */
public final class FuzzRequests {

    /** One request, printable for a failure report. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {
        public String describe() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + abbreviate(target) + "\n  headers " + abbreviate(headers.toString())
                    + "\n  body " + abbreviate(text);
        }
    }

    /**
     * A route of the OpenAPI document: method, path template with {params}, required body properties;
     * {@code stream} for a server-sent event stream, which a valid token would hold open forever.
     */
    public record Route(String method, String path, List<String> bodyProperties, boolean stream) {

        public Route(String method, String path, List<String> bodyProperties) {
            this(method, path, bodyProperties, false);
        }
    }

    private static final String EMOJI = "\uD83D\uDE00";
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FROB"};
    private static final String[] SEGMENTS = {
            "0", "-1", "1", "999999999999999999999999", "00000000-0000-0000-0000-000000000000", "null", "undefined",
            "%F0%9F%98%80", EMOJI, "%zz", "%", "%4", "%00", "%0A", "%C0%AF", "%FF%FE", "..", "%2e%2e", "%2F", "a%20b",
            "'%20OR%201=1--", "%3Cscript%3E", "\uFF11\uFF12\uFF13", "\u0416\u0443\u043A", "contact", "deal", "admin",
            "%E2%80%AE", "a;b", "a,b", "~", "*", "x".repeat(300), "y".repeat(5000)};
    private static final String[] QUERY_KEYS = {
            "recordId", "limit", "offset", "after", "sort", "count", "version", "first_name", "last_name", "email", "phone", "budget", "birth_date",
            "decision_maker", "gender", "score", "contact_id", "amount", "stage", "responsible_manager", "nonsense", "", "%zz",
            EMOJI};
    private static final String[] QUERY_VALUES = {
            "", "0", "-1", "1", "50", "501", "2147483648", "9".repeat(40), "1e309", "NaN", "true", "yes", "%", "%zz", "%4",
            "%F0%9F%98%80", EMOJI, "+10000-01-01", "0000-00-00", "2024-02-30", "1990-01-01", "male", "a@b.c", "8%20912",
            "%00", "%0D%0A", "z".repeat(3000), "-createdAt", "updatedAt", "--createdAt", "eyJzIjoiLWNyZWF0ZWRBdCJ9",
            "eyJzIjoiLWNyZWF0ZWRBdCIsInQiOiJ4IiwiaWQiOjF9", "00000000-0000-0000-0000-000000000000", "'%20OR%20'1'='1", "%2B79123456789"};
    private static final String[] FIELDS = {
            "first_name", "last_name", "patronymic", "phone", "email", "gender", "birth_date", "consent_email", "consent_sms",
            "source", "utm_source", "decision_maker", "budget", "responsible_manager", "score", "warmth", "title",
            "contact_id", "amount", "stage", "loss_reason", "outcome", "comment", "unknown_field", "", EMOJI};

    private final long seed;
    private final List<Route> routes;
    private final String adminToken;
    private final List<String> knownIds;

    public FuzzRequests(long seed, List<Route> routes, String adminToken, List<String> knownIds) {
        this.seed = seed;
        this.routes = List.copyOf(routes);
        this.adminToken = adminToken;
        this.knownIds = List.copyOf(knownIds);
    }

    public Request request(int n) {
        Random random = new Random(seed * 1_000_003L + n);
        Route route = routes.get(random.nextInt(routes.size()));
        String method = random.nextInt(100) < 85 ? route.method() : pick(random, METHODS);
        String target = path(random, route.path()) + query(random);
        Map<String, String> headers = headers(random, route);
        byte[] body = random.nextInt(100) < 80 || !route.bodyProperties().isEmpty() ? body(random, route) : null;
        if (body != null && !headers.containsKey("Content-Type") && random.nextBoolean()) {
            headers.put("Content-Type", "application/json");
        }
        return new Request(method, target, headers, body);
    }

    private String path(Random random, String template) {
        StringBuilder path = new StringBuilder();
        for (String part : template.substring(1).split("/")) {
            path.append('/');
            if (part.startsWith("{")) {
                int roll = random.nextInt(100);
                path.append(roll < 25 && !knownIds.isEmpty() ? pick(random, knownIds)
                        : roll < 35 ? "contact" : pick(random, SEGMENTS));
            } else {
                path.append(random.nextInt(100) < 3 ? pick(random, SEGMENTS) : part);
            }
        }
        if (random.nextInt(100) < 3) {
            path.append(random.nextBoolean() ? "/" : "//x");
        }
        return path.toString();
    }

    private String query(Random random) {
        int roll = random.nextInt(100);
        if (roll < 35) {
            return "";
        }
        if (roll < 38) {
            return "?" + "q=" + "w".repeat(random.nextInt(20_000));
        }
        StringBuilder q = new StringBuilder("?");
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                q.append(random.nextInt(10) == 0 ? "&&" : "&");
            }
            q.append(pick(random, QUERY_KEYS));
            if (random.nextInt(10) > 0) {
                q.append('=').append(pick(random, QUERY_VALUES));
            }
        }
        return q.toString();
    }

    private Map<String, String> headers(Random random, Route route) {
        Map<String, String> headers = new LinkedHashMap<>();
        boolean revokes = route.path().contains("logout") || route.path().contains("sessions/{");
        int auth = random.nextInt(100);
        // A stream opened with the real token would never end; every other hostile request reaches it.
        if (auth < 50 && !revokes && !route.stream()) {
            headers.put("Authorization", "Bearer " + adminToken);
        } else if (auth < 60) {
            headers.put("Authorization", pick(random, new String[] {"Bearer forged", "Bearer", "Basic YWRtaW46YWRtaW4=",
                    "bearer " + "t".repeat(300), "Bearer " + EMOJI, "Bearer %00", "Bearer  " + "a".repeat(43)}));
        }
        int type = random.nextInt(100);
        if (type < 15) {
            headers.put("Content-Type", pick(random, new String[] {"text/plain", "application/xml", "application/json; charset=latin1",
                    "multipart/form-data; boundary=fuzz", "application/x-www-form-urlencoded", "application/json;;;", "*/*"}));
        }
        if (random.nextInt(100) < 10) {
            headers.put("Accept", pick(random, new String[] {"text/html", "application/xml", "*/*", "image/png", ";;"}));
        }
        if (random.nextInt(100) < 10) {
            headers.put("X-Forwarded-For", pick(random, new String[] {"1.2.3.4", "::1", "garbage", "1.2.3.4, 5.6.7.8"}));
        }
        if (random.nextInt(100) < 5) {
            headers.put("Accept-Encoding", pick(random, new String[] {"gzip", "br", "deflate;q=0", "identity"}));
        }
        if (random.nextInt(100) < 3) {
            headers.put("X-Huge", "h".repeat(6000));
        }
        return headers;
    }

    private byte[] body(Random random, Route route) {
        int roll = random.nextInt(100);
        if (roll < 8) {
            return pick(random, new String[] {"", "{", "}", "[]", "null", "\"text\"", "1e999", "{\"a\":}", "\uFEFF{}",
                    "{'single':'quotes'}", "--fuzz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.txt\"\r\n\r\nx\r\n--fuzz--\r\n",
                    "values=%7B%7D"}).getBytes(StandardCharsets.UTF_8);
        }
        if (roll < 10) {
            return new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        }
        if (roll < 12) {
            return ("[".repeat(2000 + random.nextInt(3000)) + "]".repeat(2000)).getBytes(StandardCharsets.UTF_8);
        }
        if (roll < 13) {
            return ("{\"values\":{\"first_name\":\"" + "b".repeat(1_100_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
        }
        JsonObject body = new JsonObject();
        List<String> properties = new ArrayList<>(route.bodyProperties());
        if (properties.isEmpty() || random.nextInt(100) < 10) {
            properties.add(pick(random, FIELDS));
        }
        for (String property : properties) {
            if (random.nextInt(100) < 8) {
                continue;
            }
            body.put(property, property.equals("values") && random.nextInt(100) < 75 ? values(random) : value(random, 0));
        }
        return body.encode().getBytes(StandardCharsets.UTF_8);
    }

    private JsonObject values(Random random) {
        JsonObject values = new JsonObject();
        int count = random.nextInt(6);
        if (random.nextInt(100) < 60) {
            values.put("first_name", random.nextInt(100) < 70 ? "Fuzz" : value(random, 0));
        }
        for (int i = 0; i < count; i++) {
            values.put(pick(random, FIELDS), value(random, 0));
        }
        return values;
    }

    private Object value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 8 : 11)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> pick(random, new Object[] {0, -1, Integer.MAX_VALUE, Long.MIN_VALUE, 1e308, -0.0, 0.1, 1.23456789,
                    new java.math.BigInteger("123456789012345678901234567890"), new java.math.BigDecimal("1e-400")});
            case 3 -> pick(random, new String[] {"+10000-01-01", "-0001-01-01", "0999-12-31", "2024-02-30", "9999-12-31",
                    "1990-05-17", "1990-05-17T10:00:00Z", "00:00"});
            case 4 -> pick(random, new String[] {"", " ", EMOJI.repeat(3), "\u0000\u0001\u0007\u001b[31m", "\r\n\t",
                    "\u202Eevil", "\uD800", "x".repeat(100_000), "qualified", "manager", "admin", "new", "hot",
                    "8 (912) 345-67-89", "a@b.c", "00000000-0000-0000-0000-000000000000"});
            case 5 -> knownIds.isEmpty() ? "id" : pick(random, knownIds);
            case 6 -> "\u0416\u0443\u043A " + EMOJI + " " + random.nextInt();
            case 7 -> "password";
            case 8 -> new JsonArray().add(value(random, depth + 1)).add(value(random, depth + 1));
            case 9 -> new JsonObject().put(pick(random, FIELDS), value(random, depth + 1));
            default -> new JsonArray(List.of(List.of(List.of(List.of("deep")))));
        };
    }

    private static <T> T pick(Random random, T[] options) {
        return options[random.nextInt(options.length)];
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "... (" + text.length() + " chars)";
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
