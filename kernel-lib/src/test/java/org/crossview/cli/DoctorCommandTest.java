package org.crossview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's cheap checks: each reports a missing piece with the command that fixes it. */
class DoctorCommandTest {

    @Test
    void classPathsAbsentSayToBuild(@TempDir Path home) {
        List<DoctorCommand.Check> checks = DoctorCommand.classPaths(home);
        assertEquals(2, checks.size());
        for (DoctorCommand.Check c : checks) {
            assertFalse(c.ok(), c.toString());
            assertTrue(c.fix().startsWith("./crossview build"), c.fix());
        }
    }

    @Test
    void classPathWithAMissingEntryNamesIt(@TempDir Path home) throws Exception {
        Path jar = Files.createFile(home.resolve("present.jar"));
        Path gone = home.resolve("gone.jar");
        Files.createDirectories(home.resolve("build"));
        Files.writeString(home.resolve("build/app-classpath.txt"), jar + ":" + gone + "\n");
        Files.writeString(home.resolve("build/kernel-classpath.txt"), jar + "\n");
        List<DoctorCommand.Check> checks = DoctorCommand.classPaths(home);
        assertFalse(checks.get(0).ok());
        assertTrue(checks.get(0).detail().contains(gone.toString()), checks.get(0).detail());
        assertTrue(checks.get(1).ok(), checks.get(1).toString());
        assertNull(checks.get(1).fix());
    }

    @Test
    void missingToolGivesItsDebianPackage() {
        DoctorCommand.Check c = DoctorCommand.tool("no-such-tool-crossview", "some-package");
        assertFalse(c.ok());
        assertEquals("apt-get install -y some-package", c.fix());
        assertNotNull(DoctorCommand.onPath("sh"), "sh is on every PATH");
    }

    @Test
    void thisJavaPasses() {
        assertTrue(DoctorCommand.java().ok(), "the build itself needs Java 17");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, new DoctorCommand().run(new String[] {"--bogus"}));
        assertEquals(0, new DoctorCommand().run(new String[] {"--help"}));
    }
}
