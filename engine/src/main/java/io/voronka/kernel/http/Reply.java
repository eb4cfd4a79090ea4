package io.voronka.kernel.http;

/** What a route answers: a status and a JSON body (an object, an array, or nothing), or a {@link Document}. */
public record Reply(int status, Object body) {

    /** A body sent exactly as these bytes (a stored BPMN file), never re-encoded as JSON. */
    public record Document(byte[] bytes, String contentType) {
    }

    public static Reply document(byte[] bytes, String contentType) {
        return new Reply(200, new Document(bytes, contentType));
    }

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }

    public static Reply created(Object body) {
        return new Reply(201, body);
    }

    public static Reply noContent() {
        return new Reply(204, null);
    }
}
