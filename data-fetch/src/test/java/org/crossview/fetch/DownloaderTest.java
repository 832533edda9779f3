package org.crossview.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a local HTTP server on 127.0.0.1 that can cut transfers, fail, or ignore ranges. */
class DownloaderTest {
    @TempDir
    Path dir;

    static final byte[] PAYLOAD = new byte[300_000];

    static {
        new Random(7).nextBytes(PAYLOAD);
    }

    HttpServer server;
    volatile int cutAfterBytes = -1; // first response sends only this many bytes, then drops the connection
    volatile int status = 200;
    volatile boolean honourRanges = true;
    final List<String> rangeHeaders = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final PrintStream progress = new PrintStream(log, true);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/data.bin", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        rangeHeaders.add(range == null ? "" : range);
        if (status != 200) {
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        int from = 0;
        if (range != null && honourRanges) {
            from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (PAYLOAD.length - 1) + "/" + PAYLOAD.length);
            ex.sendResponseHeaders(206, PAYLOAD.length - from);
        } else {
            ex.sendResponseHeaders(200, PAYLOAD.length);
        }
        OutputStream os = ex.getResponseBody();
        int n = PAYLOAD.length - from;
        if (cutAfterBytes >= 0) {
            n = Math.min(n, cutAfterBytes);
            cutAfterBytes = -1;
            os.write(PAYLOAD, from, n);
            os.flush();
            try {
                ex.close(); // fewer bytes than announced: the server drops the connection
            } catch (RuntimeException expected) {
                // "insufficient bytes written to stream"
            }
            return;
        }
        os.write(PAYLOAD, from, n);
        ex.close();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data.bin");
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    Downloader downloader() {
        return new Downloader(Duration.ofSeconds(3), Duration.ofSeconds(10), progress);
    }

    @Test
    void interruptedTransferResumesWithARangeRequest() throws Exception {
        Path target = dir.resolve("data.bin");
        Downloader.Request r = new Downloader.Request(uri(), target, PAYLOAD.length, sha(PAYLOAD));
        cutAfterBytes = 120_000;
        IOException e = assertThrows(IOException.class, () -> downloader().fetch(r));
        assertTrue(e.getMessage().contains("run again to resume"), e.getMessage());
        assertFalse(Files.exists(target), "no target until complete");
        long kept = Files.size(Downloader.partFile(target));
        assertTrue(kept > 0 && kept <= 120_000, "part file keeps the received prefix: " + kept);
        downloader().fetch(r);
        assertArrayEquals(PAYLOAD, Files.readAllBytes(target));
        assertEquals("bytes=" + kept + "-", rangeHeaders.get(rangeHeaders.size() - 1));
        assertFalse(Files.exists(Downloader.partFile(target)));
        assertTrue(log.toString().contains("resuming"));
        assertTrue(log.toString().contains("100.0%"), "progress bar reaches 100 %");
        // a third call finds it complete and does not download again
        int requests = rangeHeaders.size();
        downloader().fetch(r);
        assertEquals(requests, rangeHeaders.size());
    }

    @Test
    void serverIgnoringRangesRestartsFromZero() throws Exception {
        Path target = dir.resolve("data.bin");
        Files.write(Downloader.partFile(target), java.util.Arrays.copyOf(PAYLOAD, 5000));
        honourRanges = false;
        downloader().fetch(new Downloader.Request(uri(), target, PAYLOAD.length, sha(PAYLOAD)));
        assertArrayEquals(PAYLOAD, Files.readAllBytes(target));
        assertTrue(log.toString().contains("starting again"));
    }

    @Test
    void wrongChecksumDeletesTheDownload() throws Exception {
        Path target = dir.resolve("data.bin");
        String wrong = sha(new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> downloader().fetch(new Downloader.Request(uri(), target, PAYLOAD.length, wrong)));
        assertTrue(e.getMessage().contains("SHA-256 mismatch") && e.getMessage().contains(wrong), e.getMessage());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(Downloader.partFile(target)));
    }

    @Test
    void wrongSizeIsRejected() {
        Path target = dir.resolve("data.bin");
        IOException e = assertThrows(IOException.class, () -> downloader().fetch(new Downloader.Request(uri(), target, PAYLOAD.length + 1, null)));
        assertTrue(e.getMessage().contains("expected " + (PAYLOAD.length + 1)), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void serverErrorIsReported() {
        status = 503;
        Path target = dir.resolve("data.bin");
        IOException e = assertThrows(IOException.class, () -> downloader().fetch(new Downloader.Request(uri(), target, -1, null)));
        assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("server error"), e.getMessage());
        assertFalse(Files.exists(target));
        status = 404;
        e = assertThrows(IOException.class, () -> downloader().fetch(new Downloader.Request(uri(), target, -1, null)));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void noServerFailsFastWithAClearMessage() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path target = dir.resolve("data.bin");
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> downloader().fetch(new Downloader.Request(URI.create("http://127.0.0.1:" + port + "/x"), target, -1, null)));
        double s = (System.nanoTime() - t0) * 1e-9;
        assertTrue(e.getMessage().contains("cannot connect") && e.getMessage().contains("offline"), e.getMessage());
        assertTrue(s < 5, "failed after " + s + " s");
        assertFalse(Files.exists(target));
    }

    @Test
    void unknownSizeAndChecksumStillCompleteWithAWarning() throws Exception {
        Path target = dir.resolve("data.bin");
        downloader().fetch(new Downloader.Request(uri(), target, -1, null));
        assertArrayEquals(PAYLOAD, Files.readAllBytes(target));
        assertTrue(log.toString().contains("warning: no SHA-256 given") && log.toString().contains(sha(PAYLOAD)));
    }
}
