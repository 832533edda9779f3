package org.crossview.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every output of the project is written through here: to a temporary file beside the target, given mode 0644
 * (createTempFile makes it 0600, unlike every other file we write), then renamed over the target, so a reader
 * never sees half a file. A temporary file left by Ctrl-C or SIGTERM is removed by a shutdown hook; on failure the
 * target is left as it was and the error names the target and the reason.
 */
public final class AtomicWrite {
    /** Writes the content to the temporary file it is given. */
    public interface Body {
        void writeTo(Path tmp) throws IOException;
    }

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at shutdown
                }
            }
        }, "crossview-temp-cleanup"));
    }

    private AtomicWrite() {}

    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
        PENDING.add(tmp);
        try {
            body.writeTo(tmp);
            makeReadable(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IOException("cannot write " + target + ": " + reason(e), e);
            }
        } finally {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(text);
            }
        });
    }

    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    /** rw-r--r--, as files made by the ordinary umask. */
    static void makeReadable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: keep its default
        }
    }

    /** The reason an I/O call failed, in words (the JDK's exceptions often carry only the path). */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory (" + e.getMessage() + ")";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason().toLowerCase() + " (" + f.getFile() + ")";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
