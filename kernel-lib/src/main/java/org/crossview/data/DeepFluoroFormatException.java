package org.crossview.data;

import java.nio.file.Path;

/**
 * A DeepFluoro-layout HDF5 file that cannot be read as the layout says (missing group or dataset, wrong
 * dtype or shape, non-finite or non-rigid values, not HDF5 at all). The message names the file and the
 * HDF5 path.
 */
public class DeepFluoroFormatException extends IllegalArgumentException {
    private final Path file;
    private final String hdfPath;

    public DeepFluoroFormatException(Path file, String hdfPath, String problem) {
        this(file, hdfPath, problem, null);
    }

    public DeepFluoroFormatException(Path file, String hdfPath, String problem, Throwable cause) {
        super(file + (hdfPath == null || hdfPath.isEmpty() ? "" : ": " + hdfPath) + ": " + problem, cause);
        this.file = file;
        this.hdfPath = hdfPath;
    }

    public Path file() { return file; }

    /** The HDF5 path of the offending object ("" for the file itself). */
    public String hdfPath() { return hdfPath; }
}
