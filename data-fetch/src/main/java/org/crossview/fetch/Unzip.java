package org.crossview.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Unpacks a zip archive; each file goes to a temporary name first and is renamed when complete. */
public final class Unzip {
    private Unzip() {}

    /** Extracts every file of {@code zip} under {@code dest}; files already there with the entry's size are kept. */
    public static List<Path> extract(Path zip, Path dest, PrintStream progress) throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Path> out = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                Path p = root.resolve(e.getName()).normalize();
                if (!p.startsWith(root)) throw new IOException(zip + ": entry '" + e.getName() + "' points outside " + root + "; refusing to unpack");
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                    continue;
                }
                Files.createDirectories(p.getParent());
                if (Files.isRegularFile(p) && e.getSize() >= 0 && Files.size(p) == e.getSize()) {
                    progress.println("already unpacked: " + p);
                    out.add(p);
                    continue;
                }
                Path tmp = p.resolveSibling(p.getFileName() + ".unzip-part");
                progress.printf("unpacking %s (%s)%n", e.getName(), e.getSize() >= 0 ? Downloader.bytes(e.getSize()) : "size unknown");
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                out.add(p);
            }
        } catch (ZipException e) {
            throw new IOException(zip + ": not a readable zip archive (" + e.getMessage() + ")", e);
        }
        return out;
    }
}
