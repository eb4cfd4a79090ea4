package io.voronka.file;

import java.time.LocalDateTime;

/** What is known of an uploaded file: the type is what its bytes are, not what the client said. */
record StoredFile(String id, String name, long size, String contentType, String sha256, boolean inDatabase,
                  String uploadedBy, LocalDateTime uploadedAt) {
}
