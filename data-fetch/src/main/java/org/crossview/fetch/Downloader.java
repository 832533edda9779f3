package org.crossview.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Resumable HTTP(S) download to a file: the bytes go to {@code <target>.part}; an interrupted transfer keeps
 * it, and the next run asks the server for the rest (HTTP range request {@code Range: bytes=N-}). Only when
 * the size and SHA-256 (where given) match is the part file renamed to the target, so the target is either
 * absent or complete. A progress bar goes to the given stream.
 */
public final class Downloader {
    /**
     * What to fetch.
     *
     * @param expectedSize bytes, or −1 when unknown (then only the server's Content-Length is checked)
     * @param sha256       lower- or upper-case hex, or null when unknown (then not verified; a warning says so)
     */
    public record Request(URI uri, Path target, long expectedSize, String sha256) {
        public Request {
            if (sha256 != null && !sha256.matches("(?i)[0-9a-f]{64}")) throw new IllegalArgumentException("sha256: expected 64 hex digits, got '" + sha256 + "'");
        }
    }

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final PrintStream progress;

    public Downloader(Duration connectTimeout, Duration readTimeout, PrintStream progress) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.progress = progress;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** 10 s to connect (offline fails fast), 60 s without data before a transfer counts as stalled. */
    public static Downloader withDefaults(PrintStream progress) {
        return new Downloader(Duration.ofSeconds(10), Duration.ofSeconds(60), progress);
    }

    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /** Downloads (or resumes, or finds already complete) and verifies; returns the target. */
    public Path fetch(Request r) throws IOException {
        Path target = r.target();
        if (Files.isRegularFile(target) && matches(target, r)) {
            progress.println("already complete: " + target);
            return target;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = partFile(target);
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (r.expectedSize() >= 0 && have > r.expectedSize()) {
            Files.delete(part); // longer than the file can be: not a prefix of it
            have = 0;
        }
        if (r.expectedSize() < 0 || have < r.expectedSize()) have = transfer(r, part, have);
        verifyAndRename(r, part, have);
        return target;
    }

    private long transfer(Request r, Path part, long have) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(r.uri()).timeout(readTimeout).GET();
        if (have > 0) req.header("Range", "bytes=" + have + "-");
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new IOException(r.uri() + ": no connection within " + connectTimeout.toSeconds() + " s (offline, or the server is down)", e);
        } catch (ConnectException e) {
            throw new IOException(r.uri() + ": cannot connect (" + describe(e) + "); offline, or the server is down", e);
        } catch (UnknownHostException e) {
            throw new IOException(r.uri() + ": unknown host " + r.uri().getHost() + " (offline?)", e);
        } catch (HttpTimeoutException e) {
            throw new IOException(r.uri() + ": no response within " + readTimeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(r.uri() + ": interrupted", e);
        } catch (IOException e) {
            throw new IOException(r.uri() + ": " + describe(e) + " (offline?)", e);
        }
        int status = resp.statusCode();
        boolean append;
        long total;
        if (status == 206 && have > 0) {
            append = true;
            long start = contentRangeStart(resp);
            if (start != have) {
                resp.body().close();
                throw new IOException(r.uri() + ": server resumed at byte " + start + ", expected " + have);
            }
            total = contentRangeTotal(resp, have);
            progress.printf("resuming %s at %s%n", r.target().getFileName(), bytes(have));
        } else if (status == 200) {
            if (have > 0) progress.println("server ignores range requests: starting again from byte 0");
            append = false;
            have = 0;
            total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        } else if (status == 416 && have > 0) {
            resp.body().close();
            return have; // nothing left to send: the part file is whole (verified next)
        } else {
            resp.body().close();
            throw new IOException(r.uri() + ": HTTP " + status + (status >= 500 ? " (server error; try again later)" : ""));
        }
        if (r.expectedSize() >= 0 && total >= 0 && total != r.expectedSize()) {
            resp.body().close();
            throw new IOException(r.uri() + ": server reports " + total + " bytes, expected " + r.expectedSize());
        }
        if (total < 0) total = r.expectedSize();
        ProgressBar bar = new ProgressBar(progress, r.target().getFileName().toString(), total, have);
        long got = have;
        try (InputStream in = resp.body();
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                got += n;
                bar.update(got);
            }
        } catch (IOException e) {
            bar.finish(got);
            throw new IOException(r.uri() + ": transfer interrupted after " + bytes(got) + " (" + describe(e) + "); " + partFile(r.target()).getFileName()
                    + " is kept: run again to resume", e);
        }
        bar.finish(got);
        if (total >= 0 && got < total) {
            throw new IOException(r.uri() + ": connection closed after " + bytes(got) + " of " + bytes(total) + "; " + partFile(r.target()).getFileName()
                    + " is kept: run again to resume");
        }
        return got;
    }

    private void verifyAndRename(Request r, Path part, long size) throws IOException {
        if (r.expectedSize() >= 0 && size != r.expectedSize()) {
            Files.deleteIfExists(part);
            throw new IOException(r.target() + ": size " + size + " bytes, expected " + r.expectedSize() + "; partial file deleted");
        }
        if (r.sha256() != null) {
            String got = sha256(part);
            if (!got.equalsIgnoreCase(r.sha256())) {
                Files.deleteIfExists(part);
                throw new IOException(r.target() + ": SHA-256 mismatch (expected " + r.sha256().toLowerCase(Locale.ROOT) + ", got " + got + "); the download was deleted");
            }
        } else {
            progress.println("warning: no SHA-256 given for " + r.target().getFileName() + ": content not verified (sha256 " + sha256(part) + ")");
        }
        try {
            Files.move(part, r.target(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, r.target(), StandardCopyOption.REPLACE_EXISTING);
        }
        progress.println("complete: " + r.target() + " (" + bytes(size) + ")");
    }

    private static boolean matches(Path file, Request r) throws IOException {
        if (r.expectedSize() >= 0 && Files.size(file) != r.expectedSize()) return false;
        return r.sha256() == null || sha256(file).equalsIgnoreCase(r.sha256());
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** "bytes S-E/T" → S. */
    private static long contentRangeStart(HttpResponse<?> resp) throws IOException {
        String cr = resp.headers().firstValue("Content-Range").orElseThrow(() -> new IOException("206 response without Content-Range"));
        try {
            return Long.parseLong(cr.replaceFirst("^bytes\\s+", "").split("-")[0].trim());
        } catch (RuntimeException e) {
            throw new IOException("unreadable Content-Range '" + cr + "'", e);
        }
    }

    private static long contentRangeTotal(HttpResponse<?> resp, long have) {
        String cr = resp.headers().firstValue("Content-Range").orElse("");
        int slash = cr.indexOf('/');
        if (slash >= 0 && !cr.substring(slash + 1).trim().equals("*")) {
            try {
                return Long.parseLong(cr.substring(slash + 1).trim());
            } catch (NumberFormatException ignored) {
                // fall through to Content-Length
            }
        }
        long len = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        return len < 0 ? -1 : have + len;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GiB", n / 1073741824.0);
    }
}
