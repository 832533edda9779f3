package org.crossview.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
    @TempDir
    Path dir;

    @Test
    void outputsAreReadableByAllLikeEveryOtherFile() throws Exception {
        Path f = dir.resolve("sub/out.csv");
        AtomicWrite.writeString(f, "a,b\n");
        assertEquals("a,b\n", Files.readString(f));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws Exception {
        Path f = dir.resolve("keep.txt");
        Files.writeString(f, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicWrite.write(f, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }

    @Test
    void anUnwritablePlaceIsReportedWithTheTargetAndTheReason() {
        Path f = Path.of("/proc/crossview-test/out.csv");
        String m = assertThrows(IOException.class, () -> AtomicWrite.writeString(f, "x")).getMessage();
        assertTrue(m.startsWith("cannot write " + f + ": "), m);
        assertTrue(m.length() > ("cannot write " + f + ": ").length() + 5, "a reason follows: " + m);
    }
}
