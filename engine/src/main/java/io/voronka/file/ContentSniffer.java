package io.voronka.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tika.Tika;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/**
 * What a file's bytes are, by Apache Tika's magic numbers: the client's Content-Type and file name
 * are not believed. The name only narrows a type the bytes leave open, within its family: plain
 * text named .csv is text/csv, a zip named .docx is a Word document; a program named .pdf stays a program.
 */
final class ContentSniffer {

    private final Tika tika = new Tika();

    String detect(Path file, String fileName) throws IOException {
        String magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = tika.detect(in);
        }
        if (!magic.equals("text/plain") && !magic.equals("application/zip")
                && !magic.equals("application/x-tika-ooxml") && !magic.equals("application/x-tika-msoffice")) {
            return magic;
        }
        Metadata named = new Metadata();
        named.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        String byName = tika.getDetector().detect(null, named).toString();
        boolean text = magic.equals("text/plain") && byName.startsWith("text/");
        boolean office = !magic.equals("text/plain") && (byName.startsWith("application/vnd.openxmlformats-officedocument.")
                || byName.startsWith("application/vnd.oasis.opendocument.") || byName.equals("application/msword")
                || byName.equals("application/vnd.ms-excel"));
        return text || office ? byName : magic;
    }
}
