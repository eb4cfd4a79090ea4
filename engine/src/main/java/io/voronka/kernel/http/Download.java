package io.voronka.kernel.http;

import java.nio.file.Path;

/**
 * A reply body that is a file rather than JSON: sent with its stored content type and a
 * {@code Content-Disposition} naming it, from disk ({@code path}) or from memory ({@code bytes}).
 */
public record Download(String contentType, String fileName, long size, Path path, byte[] bytes) {

    /** {@code attachment} with the name in plain ASCII and, for any other name, in UTF-8 (RFC 6266). */
    String disposition() {
        String ascii = fileName.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        String encoded = java.net.URLEncoder.encode(fileName, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
