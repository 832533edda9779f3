package org.crossview.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {
    @AfterEach
    void clearHome() {
        System.clearProperty("crossview.home");
        System.clearProperty(Figures.DIR_PROPERTY);
    }

    @Test
    void savesAPngIntoBuildFiguresOfTheCheckoutByDefault(@TempDir Path home) throws Exception {
        System.setProperty("crossview.home", home.toString());
        Assumptions.assumeTrue(System.getenv("CROSSVIEW_FIGURES") == null, "CROSSVIEW_FIGURES is set in this environment");
        BufferedImage picture = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        picture.setRGB(3, 2, 0x00ff00);
        assertEquals(picture, Figures.save(picture, "test_figure.png"), "returned for display(...)");
        Path file = home.resolve("build/figures/test_figure.png");
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(7, back.getWidth());
        assertEquals(5, back.getHeight());
        assertEquals(0x00ff00, back.getRGB(3, 2) & 0xffffff);
        try (var files = Files.list(home.resolve("build/figures"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        assertTrue(Files.notExists(home.resolve("figures")), "the committed folder is left alone");
    }

    @Test
    void theFigureFolderPropertyRedirectsSavesRelativeToTheCheckout(@TempDir Path home) throws Exception {
        System.setProperty("crossview.home", home.toString());
        System.setProperty(Figures.DIR_PROPERTY, "figures");
        Figures.save(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "a.png");
        assertTrue(Files.isRegularFile(home.resolve("figures/a.png")));
        Path elsewhere = home.resolve("elsewhere");
        System.setProperty(Figures.DIR_PROPERTY, elsewhere.toString());
        Figures.save(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "b.png");
        assertTrue(Files.isRegularFile(elsewhere.resolve("b.png")));
    }

    @Test
    void rejectsNamesThatAreNotPlainPngFiles(@TempDir Path home) {
        System.setProperty("crossview.home", home.toString());
        BufferedImage picture = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        assertThrows(IllegalArgumentException.class, () -> Figures.save(picture, "a.jpg"));
        assertThrows(IllegalArgumentException.class, () -> Figures.save(picture, "../a.png"));
        assertTrue(Files.notExists(home.resolve("a.png")));
    }
}
