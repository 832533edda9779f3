package org.crossview.fetch;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.crossview.cli.Command;
import org.crossview.data.DeepFluoroCache;

/**
 * {@code crossview fetch deepfluoro --dest DIR}: downloads the DeepFluoro archive (Grupp et al., IPCAI 2020;
 * CC BY-NC 4.0; DOI 10.7281/T1/IFSXNV on the JHU data archive), resumable and verified, unpacks it and optionally
 * writes a downsampled per-specimen cache. Registered with the launcher through {@link java.util.ServiceLoader}
 * (META-INF/services), since data-fetch depends on kernel-lib and not the other way round.
 */
public final class FetchCommand implements Command {
    /**
     * The archive's Dataverse "whole dataset as zip" endpoint (unverified from here: this machine has no
     * internet). Override with --url if the archive moves.
     */
    public static final String DEEPFLUORO_URL = "https://archive.data.jhu.edu/api/access/dataset/:persistentId/?persistentId=doi:10.7281/T1/IFSXNV";
    static final String ARCHIVE_NAME = "deepfluoro_IFSXNV.zip";

    private final PrintStream out;

    public FetchCommand() {
        this(System.out);
    }

    FetchCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "fetch";
    }

    @Override
    public String summary() {
        return "download datasets: fetch deepfluoro --dest DIR (resumable, verified, unpacked, optional cache)";
    }

    static void usage(PrintStream o) {
        o.println("usage: crossview fetch deepfluoro --dest DIR [--url URL] [--size BYTES] [--sha256 HEX] [--no-unpack]");
        o.println("                                  [--cache-bin B [--cache-volume-bin F]] [--connect-timeout-s S]");
        o.println("  Downloads the DeepFluoro archive (DOI 10.7281/T1/IFSXNV, JHU data archive; CC BY-NC 4.0) to DIR/" + ARCHIVE_NAME + ",");
        o.println("  resuming a partial download, checking --size and --sha256 when given, then unpacks it into DIR.");
        o.println("  --cache-bin B writes DIR/cache/<specimen>-binB.h5 (images and K binned B×; --cache-volume-bin F also bins the CT).");
        o.println("  Default URL: " + DEEPFLUORO_URL);
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        if (!args[0].equals("deepfluoro")) throw new IllegalArgumentException("unknown dataset '" + args[0] + "' (known: deepfluoro)");
        Path dest = null;
        String url = DEEPFLUORO_URL, sha = null;
        long size = -1;
        boolean unpack = true;
        int cacheBin = 0, cacheVolumeBin = 1;
        long connectS = 10;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--dest" -> dest = Path.of(value(args, ++i, a));
                case "--url" -> url = value(args, ++i, a);
                case "--sha256" -> sha = value(args, ++i, a);
                case "--size" -> size = parseLong(value(args, ++i, a), a);
                case "--no-unpack" -> unpack = false;
                case "--cache-bin" -> cacheBin = (int) parseLong(value(args, ++i, a), a);
                case "--cache-volume-bin" -> cacheVolumeBin = (int) parseLong(value(args, ++i, a), a);
                case "--connect-timeout-s" -> connectS = parseLong(value(args, ++i, a), a);
                default -> throw new IllegalArgumentException("unknown option '" + a + "' (see crossview fetch --help)");
            }
        }
        if (dest == null) throw new IllegalArgumentException("--dest DIR is required");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url: not a URI: " + url);
        }
        Files.createDirectories(dest);
        Downloader d = new Downloader(Duration.ofSeconds(connectS), Duration.ofSeconds(60), out);
        out.println("DeepFluoro (Grupp et al., IPCAI 2020), CC BY-NC 4.0: non-commercial use only.");
        Path zip = d.fetch(new Downloader.Request(uri, dest.resolve(ARCHIVE_NAME), size, sha));
        if (!unpack) return 0;
        Unzip.extract(zip, dest, out);
        List<Path> h5 = new ArrayList<>();
        Path cacheDir = dest.resolve("cache");
        try (Stream<Path> s = Files.walk(dest)) {
            s.filter(p -> p.toString().endsWith(".h5") && !p.startsWith(cacheDir)).sorted().forEach(h5::add);
        }
        if (h5.isEmpty()) throw new IOException(zip + ": the archive holds no .h5 file");
        h5.forEach(p -> out.println("dataset: " + p));
        if (cacheBin > 0) {
            for (Path p : h5) DeepFluoroCache.write(p, cacheDir, cacheBin, cacheVolumeBin, out::println);
        }
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + ": missing value");
        return args[i];
    }

    private static long parseLong(String s, String option) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not an integer: '" + s + "'");
        }
    }
}
