package io.voronka.kernel.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Shipped content (entity definitions, rules, BPMN) read either from a folder the operator names or
 * from the copy inside the server jar. Returns file contents keyed by path relative to the folder,
 * sorted, so every node applies the same content in the same order.
 */
public final class ContentFolder {

    private ContentFolder() {
    }

    public static Map<String, String> read(Path overrideDir, String classpathFolder) {
        if (overrideDir != null) {
            return readDir(overrideDir);
        }
        URL url = ContentFolder.class.getClassLoader().getResource(classpathFolder);
        if (url == null) {
            return Map.of();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                return readJar(uri);
            }
            return readDir(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad content location " + url, e);
        }
    }

    private static Map<String, String> readJar(URI uri) {
        FileSystem fs;
        boolean opened = false;
        try {
            try {
                fs = FileSystems.newFileSystem(uri, Map.of());
                opened = true;
            } catch (FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(uri);
            }
            String inner = uri.getSchemeSpecificPart().substring(uri.getSchemeSpecificPart().indexOf("!") + 1);
            Map<String, String> result = readDir(fs.getPath(inner));
            if (opened) {
                fs.close();
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readDir(Path dir) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read content folder " + dir, e);
        }
        return files;
    }
}
