package org.crossview.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.crossview.cli.Command;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroGeometry;
import org.crossview.data.DeepFluoroProjection;
import org.crossview.data.DeepFluoroWriter;
import org.crossview.data.GtPoses;
import org.crossview.data.Landmark2D;
import org.crossview.data.ProjParams;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crossview fetch end to end against a local server: download → unpack → downsampled cache. */
class FetchCommandTest {
    @TempDir
    Path dir;

    static Path smallDataset(Path out) throws IOException {
        Camera cam = Camera.deepFluoroFullRes().binned(32); // 48×48
        ProjParams params = ProjParams.of(cam, ProjParams.ciosFusionExtrinsic());
        float[] hu = new float[10 * 10 * 10];
        hu[555] = 1000;
        Volume v = new Volume(10, 10, 10, new double[] {2, 2, 2}, new double[] {-9, -9, -9}, hu);
        double[] mark = {3, -2, 4};
        Rigid volFromCam = Rigid.of(1, 0, 0, 0, 0, 0, 1, 750, 0, -1, 0, 0); // AP, 750 mm from the source
        Image im = new Image(48, 48);
        for (int i = 0; i < im.data().length; i++) im.data()[i] = 1000 + i % 48;
        Rigid p = DeepFluoroGeometry.camToVol(volFromCam, params.camFromWorld(), DeepFluoroGeometry.PoseShift.NONE);
        var proj = new DeepFluoroWriter.Projection("000", im, Map.of("M", DeepFluoroGeometry.project(cam, volFromCam, mark)), GtPoses.pelvisOnly(p), null, false);
        return DeepFluoroWriter.write(out, params, List.of(new DeepFluoroWriter.Specimen("17-1882", v, null, Map.of("M", mark), List.of(proj))));
    }

    @Test
    void downloadsUnpacksAndWritesTheCache() throws Exception {
        Path h5 = smallDataset(dir.resolve("src.h5"));
        Path zip = dir.resolve("archive.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("IPCAI2020/ipcai_2020_full_res_data.h5"));
            z.write(Files.readAllBytes(h5));
            z.closeEntry();
        }
        byte[] body = Files.readAllBytes(zip);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/a.zip", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        try {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Path dest = dir.resolve("dest");
            int rc = new FetchCommand(new PrintStream(log, true)).run(new String[] {"deepfluoro", "--dest", dest.toString(),
                "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/a.zip", "--size", Long.toString(body.length),
                "--sha256", Downloader.sha256(zip), "--cache-bin", "2"});
            assertEquals(0, rc, log.toString());
            Path unpacked = dest.resolve("IPCAI2020/ipcai_2020_full_res_data.h5");
            assertTrue(Files.isRegularFile(unpacked));
            assertEquals(Downloader.sha256(h5), Downloader.sha256(unpacked));
            Path cache = dest.resolve("cache/17-1882-bin2.h5");
            try (DeepFluoroFile f = DeepFluoroFile.open(cache)) {
                assertEquals(24, f.camera().cols());
                DeepFluoroProjection p = f.specimen(0).projection(0);
                Landmark2D m = p.landmarks().get("M");
                double[] uv = DeepFluoroGeometry.project(f.camera(), p.volFromCam(), f.specimen(0).landmarksLps().get("M"));
                assertEquals(uv[0], m.u(), 1e-3);
                assertEquals(uv[1], m.v(), 1e-3);
                assertEquals(1000 + 0.5, p.image().get(0, 0), 1e-3); // mean of 1000, 1001 over a 2×2 block
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void registeredWithTheLauncherThroughServiceLoader() {
        boolean found = false;
        for (Command c : ServiceLoader.load(Command.class)) found |= c instanceof FetchCommand && c.name().equals("fetch");
        assertTrue(found);
    }

    @Test
    void zipEntriesMayNotEscapeTheDestination() throws Exception {
        Path zip = dir.resolve("evil.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("../escape.txt"));
            z.write(1);
            z.closeEntry();
        }
        IOException e = assertThrows(IOException.class, () -> Unzip.extract(zip, dir.resolve("out"), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("escape.txt")));
    }

    @Test
    void badArgumentsAreNamed() {
        FetchCommand c = new FetchCommand(new PrintStream(new ByteArrayOutputStream()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.run(new String[] {"deepfluoro"}));
        assertTrue(e.getMessage().contains("--dest"));
        e = assertThrows(IllegalArgumentException.class, () -> c.run(new String[] {"lidc", "--dest", "x"}));
        assertTrue(e.getMessage().contains("lidc"));
        e = assertThrows(IllegalArgumentException.class, () -> c.run(new String[] {"deepfluoro", "--dest", dir.toString(), "--sha256", "abc"}));
        assertTrue(e.getMessage().contains("sha256"));
    }
}
