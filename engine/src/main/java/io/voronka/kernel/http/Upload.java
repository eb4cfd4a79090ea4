package io.voronka.kernel.http;

import java.nio.file.Path;

/**
 * A file a multipart request carried: the name and type the client gave (neither is trusted for
 * what the bytes are), its size and where the body handler put it; the file goes when the request ends.
 */
public record Upload(String field, String fileName, String declaredType, long size, Path path) {
}
