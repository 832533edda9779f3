package org.crossview.render.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The "ICD loader certainly missing" decision ({@link IcdLoader}) on made-up linker caches and directories: found in the
 * cache under either name, found through LD_LIBRARY_PATH or a default directory, and missing from all of them.
 */
class IcdLoaderTest {
    private static final String HEADER = "3 libs found in cache `/etc/ld.so.cache'\n";
    private static final String OTHERS = "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1\n"
            + "\tlibOpenCLfoo.so.2 (libc6,x86-64) => /lib/x86_64-linux-gnu/libOpenCLfoo.so.2\n";

    @Test
    void foundInTheLinkerCacheUnderEitherName() {
        for (String name : List.of("libOpenCL.so.1", "libOpenCL.so")) {
            String cache = HEADER + OTHERS + "\t" + name + " (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/" + name + "\n";
            assertEquals(Optional.empty(), IcdLoader.certainlyAbsent(cache, null, List.of()), name);
        }
    }

    @Test
    void foundThroughLdLibraryPathOrADefaultDirectory() throws Exception {
        Path dir = Files.createTempDirectory("icd");
        Path lib = dir.resolve("libOpenCL.so.1");
        try {
            Files.createFile(lib);
            assertEquals(Optional.empty(), IcdLoader.certainlyAbsent(HEADER + OTHERS, "/nonexistent:" + dir, List.of()));
            assertEquals(Optional.empty(), IcdLoader.certainlyAbsent(HEADER + OTHERS, null, List.of(dir.toString())));
        } finally {
            Files.deleteIfExists(lib);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void missingEverywhereSaysWhereItLooked() throws Exception {
        Path empty = Files.createTempDirectory("icd-empty");
        try {
            Optional<String> why = IcdLoader.certainlyAbsent(HEADER + OTHERS, empty.toString() + "::", List.of("/nonexistent-lib"));
            assertTrue(why.isPresent(), "a similarly named library is not the loader");
            assertTrue(why.get().contains("libOpenCL.so.1") && why.get().contains("ldconfig -p") && why.get().contains("/nonexistent-lib"), why.get());
        } finally {
            Files.deleteIfExists(empty);
        }
    }
}
