package io.voronka.file;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.config.FileSettings;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.field.Attachments;
import io.voronka.kernel.storage.Database;
import io.voronka.record.FileReferences;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Uploaded files: checked (size from the configuration, type sniffed from the bytes), stored with
 * their SHA-256 on disk under the data folder or in the database, and given back only to someone
 * who may read a record that holds the file, or to its uploader while no record holds it yet.
 */
public final class FileService implements Attachments {

    /** An accepted upload as the API answers it. */
    public record Accepted(String id, String name, long size, String contentType, String sha256) {
    }

    /** A file to send: its stored facts and where its bytes are. */
    public record Content(String name, String contentType, long size, Path path, byte[] bytes) {
    }

    private final Database database;
    private final FileSettings settings;
    private final Path folder;
    private final FileReferences references;
    private final StoredFiles store;
    private final ContentSniffer sniffer = new ContentSniffer();

    public FileService(Database database, FileSettings settings, Path folder, FileReferences references) {
        this.database = database;
        this.settings = settings;
        this.folder = folder;
        this.references = references;
        this.store = new StoredFiles(database.dialect());
    }

    public long maxBytes() {
        return settings.maxBytes();
    }

    /** Keeps an upload; {@code uploaded} is the request's temporary copy, gone when the request ends. */
    public Accepted upload(Actor actor, String fileName, long size, Path uploaded) {
        if (size > settings.maxBytes()) {
            throw DomainError.tooLarge("file", Message.of("file.too-large", settings.maxBytes(), size));
        }
        if (size == 0) {
            throw DomainError.malformed("file", "required", Message.of("file.empty"));
        }
        String name = cleanName(fileName);
        String type;
        try {
            type = sniffer.detect(uploaded, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!settings.allows(type)) {
            throw DomainError.unsupportedType("file", Message.of("file.type", type));
        }
        String id = UUID.randomUUID().toString();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        try {
            if (settings.inDatabase()) {
                byte[] bytes = Files.readAllBytes(uploaded);
                StoredFile file = new StoredFile(id, name, bytes.length, type, sha256(bytes), true, actor.username(), now);
                database.inTransaction(c -> {
                    store.insert(c, file, bytes);
                    return null;
                });
                return accepted(file);
            }
            Path target = diskPath(id);
            String sha = copyDurably(uploaded, target);
            StoredFile file = new StoredFile(id, name, Files.size(target), type, sha, false, actor.username(), now);
            try {
                database.inTransaction(c -> {
                    store.insert(c, file, null);
                    return null;
                });
            } catch (RuntimeException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            return accepted(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file if {@code actor} may read it; otherwise absent (404), as a record outside the scope is. */
    public Content download(Actor actor, String id) {
        StoredFile file = readable(actor, id);
        if (file.inDatabase()) {
            return new Content(file.name(), file.contentType(), file.size(), null,
                    database.withConnection(c -> store.content(c, id)));
        }
        return new Content(file.name(), file.contentType(), file.size(), diskPath(id), null);
    }

    /** What a card shows of a file field's value (name, size, type) without sending its bytes; 404 as for a download. */
    public Accepted describe(Actor actor, String id) {
        return accepted(readable(actor, id));
    }

    private StoredFile readable(Actor actor, String id) {
        StoredFile file = database.withConnection(c -> store.find(c, id)).orElseThrow(FileService::notFound);
        boolean own = file.uploadedBy().equals(actor.username())
                && !database.withConnection(c -> references.attached(c, id));
        if (!own && !references.readableBy(actor, id)) {
            throw notFound();
        }
        return file;
    }

    @Override
    public boolean mayAttach(Connection connection, String fileId, String username, BooleanSupplier readableElsewhere) {
        StoredFile file = store.find(connection, fileId).orElse(null);
        if (file == null) {
            return false;
        }
        return username == null || file.uploadedBy().equals(username) || readableElsewhere.getAsBoolean();
    }

    private static DomainError notFound() {
        return DomainError.notFound(Message.of("file.none"));
    }

    /** Files spread over 256 folders by the first two characters of their id. */
    private Path diskPath(String id) {
        return folder.resolve(id.substring(0, 2)).resolve(id);
    }

    /** Copies, hashing on the way, forces the bytes to the disk, then moves into place: a 201 means the bytes are there. */
    private static String copyDurably(Path from, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(from), digest);
             FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            in.transferTo(out);
            out.flush();
            channel.force(true);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The name without any folder part or control characters, at most 255 characters; "file" when nothing is left. */
    static String cleanName(String fileName) {
        String name = fileName == null ? "" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        if (name.length() > 255) {
            name = name.substring(name.length() - 255);
        }
        return name.isEmpty() ? "file" : name;
    }

    private static Accepted accepted(StoredFile file) {
        return new Accepted(file.id(), file.name(), file.size(), file.contentType(), file.sha256());
    }
}
