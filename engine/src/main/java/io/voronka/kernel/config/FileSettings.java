package io.voronka.kernel.config;

import java.util.List;
import java.util.Set;

/**
 * Uploaded files: the largest accepted ({@code files.max.bytes}, 10 MB by default), the content
 * types accepted as sniffed from the bytes ({@code files.types}, a list; {@code type/*} accepts a
 * family) and where the bytes go ({@code files.storage}: {@code disk} under the data folder, or
 * {@code database}).
 */
public record FileSettings(long maxBytes, List<String> allowedTypes, boolean inDatabase) {

    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    /** Raster images only: an SVG is a document that can carry scripts, so an admin allows it knowingly. */
    public static final List<String> DEFAULT_TYPES = List.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "image/bmp", "image/tiff", "image/heic", "application/pdf", "text/plain", "text/csv",
            "application/zip", "application/msword", "application/vnd.openxmlformats-officedocument.*",
            "application/vnd.ms-excel", "application/vnd.oasis.opendocument.*", "application/x-tika-ooxml",
            "application/x-tika-msoffice");

    public FileSettings {
        allowedTypes = List.copyOf(allowedTypes);
    }

    /** Whether a sniffed type is one of the accepted ones. */
    public boolean allows(String type) {
        for (String allowed : allowedTypes) {
            if (allowed.equals(type) || allowed.endsWith("*") && type.startsWith(allowed.substring(0, allowed.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    static final Set<String> STORAGES = Set.of("disk", "database");
}
