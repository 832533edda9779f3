package org.crossview.data;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.crossview.volume.Volume;

/**
 * One specimen group of a {@link DeepFluoroFile}. A handle: nothing large is read until asked for, and
 * nothing read is kept (call {@link #volumeHu()} once and hold the result).
 */
public final class DeepFluoroSpecimen {
    private final DeepFluoroFile owner;
    private final Group group;
    private final H5Read read;
    private final String path;
    private final List<String> projectionIds;

    DeepFluoroSpecimen(DeepFluoroFile owner, Group group) {
        this.owner = owner;
        this.group = group;
        this.read = owner.read();
        this.path = H5Read.pathOf(group);
        Group projections = read.group(group, "projections");
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, Node> e : read.children(projections).entrySet()) {
            if (e.getValue() instanceof Group) ids.add(e.getKey());
        }
        ids.sort(DeepFluoroSpecimen::naturalOrder);
        this.projectionIds = List.copyOf(ids);
    }

    public String name() { return group.getName(); }

    public DeepFluoroFile file() { return owner; }

    /** The CT in Hounsfield units, LPS (reads {@code vol}). */
    public Volume volumeHu() {
        Volume v = readImage3D(read.group(group, "vol"));
        try {
            return v.requireFiniteAndNonEmpty("vol/pixels");
        } catch (IllegalArgumentException e) {
            throw read.error(path + "/vol/pixels", e.getMessage().replaceFirst("^vol/pixels: ", ""), e);
        }
    }

    public boolean hasSegmentation() { return read.has(group, "vol-seg"); }

    /** {@code vol-seg}: the label volume and {@code labels-def}. */
    public Segmentation segmentation() {
        Group seg = read.group(group, "vol-seg");
        Volume labels = readImage3D(read.group(seg, "image"));
        for (float x : labels.data()) {
            if (!(x >= 0) || x != Math.rint(x)) throw read.error(path + "/vol-seg/image/pixels", "labels must be non-negative integers, found " + x);
        }
        Map<Integer, String> names = new TreeMap<>();
        if (read.has(seg, "labels-def")) {
            Group defs = read.group(seg, "labels-def");
            for (String key : read.children(defs).keySet()) {
                int label;
                try {
                    label = Integer.parseInt(key.trim());
                } catch (NumberFormatException e) {
                    throw read.error(H5Read.join(defs, key), "label keys must be integers");
                }
                names.put(label, read.string(defs, key));
            }
        }
        return Segmentation.of(labels, names);
    }

    /** The CT's grid (columns, rows, slices) and spacing (mm), read from the file's metadata without reading the voxels. */
    public String volumeGrid() {
        Group vol = read.group(group, "vol");
        int[] dims = read.dims(read.dataset(vol, "pixels"));
        if (dims.length != 3) throw read.error(path + "/vol/pixels", "expected 3 dimensions (slices, rows, cols), found " + Arrays.toString(dims));
        double[] sp = read.doubles(vol, "spacing", 3, 1);
        return String.format("%d×%d×%d of %.2f×%.2f×%.2f mm", dims[2], dims[1], dims[0], sp[0], sp[1], sp[2]);
    }

    /** {@code vol-seg/labels-def} alone (label number → name; empty without a segmentation), without reading the labels. */
    public Map<Integer, String> labelNames() {
        Map<Integer, String> names = new TreeMap<>();
        if (!hasSegmentation()) return names;
        Group seg = read.group(group, "vol-seg");
        if (!read.has(seg, "labels-def")) return names;
        Group defs = read.group(seg, "labels-def");
        for (String key : read.children(defs).keySet()) {
            try {
                names.put(Integer.parseInt(key.trim()), read.string(defs, key));
            } catch (NumberFormatException e) {
                throw read.error(H5Read.join(defs, key), "label keys must be integers");
            }
        }
        return names;
    }

    /** {@code vol-landmarks}: whatever names the file holds → LPS point (mm), sorted by name. */
    public Map<String, double[]> landmarksLps() {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (!read.has(group, "vol-landmarks")) return out;
        Group g = read.group(group, "vol-landmarks");
        for (Map.Entry<String, Node> e : read.children(g).entrySet()) {
            if (e.getValue() instanceof Dataset) out.put(e.getKey(), read.doubles(g, e.getKey(), 3, 1));
        }
        return out;
    }

    /** Projection group names, in numeric order ("000", "001", ...). */
    public List<String> projectionIds() { return projectionIds; }

    public int projectionCount() { return projectionIds.size(); }

    public DeepFluoroProjection projection(String id) {
        Group projections = read.group(group, "projections");
        if (!projectionIds.contains(id)) throw read.error(path + "/projections/" + id, "no such projection (" + projectionIds.size() + " exist)");
        return new DeepFluoroProjection(owner, name(), read.group(projections, id));
    }

    public DeepFluoroProjection projection(int index) {
        return projection(projectionIds.get(index));
    }

    /** A projection as stored (raw intensity, stored orientation) with its camera, pose and landmarks. */
    public XrayView view(String id) {
        return XrayView.of(projection(id));
    }

    /**
     * A projection preprocessed as the field does it (e.g. {@code Preprocess.Settings.deepFluoro(file().camera())}):
     * image, camera, pose and landmarks all turned, cropped and downsampled together.
     */
    public XrayView view(String id, Preprocess.Settings settings) {
        return Preprocess.apply(view(id), settings);
    }

    /** Every projection in order; each is a handle, so memory stays bounded while iterating. */
    public Iterable<DeepFluoroProjection> projections() {
        return () -> new Iterator<>() {
            private int next = 0;

            @Override
            public boolean hasNext() { return next < projectionIds.size(); }

            @Override
            public DeepFluoroProjection next() {
                if (!hasNext()) throw new NoSuchElementException();
                return projection(projectionIds.get(next++));
            }
        };
    }

    /** An {@code image-3D} group: pixels (slices, rows, cols), spacing and origin (3,1), dir-mat (3,3). */
    private Volume readImage3D(Group g) {
        String at = H5Read.pathOf(g);
        Dataset pixels = read.dataset(g, "pixels");
        read.requireNumeric(pixels);
        int[] dims = read.dims(pixels);
        if (dims.length != 3) throw read.error(at + "/pixels", "expected 3 dimensions (slices, rows, cols), found " + Arrays.toString(dims));
        double[] spacing = read.doubles(g, "spacing", 3, 1);
        double[] origin = read.doubles(g, "origin", 3, 1);
        double[] dir = read.has(g, "dir-mat") ? read.doubles(g, "dir-mat", 3, 3) : new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        float[] data = read.floats(pixels); // (k, j, i) row-major == Volume's data[i + nx*(j + ny*k)]
        try {
            return new Volume(dims[2], dims[1], dims[0], spacing, origin, dir, data);
        } catch (IllegalArgumentException e) {
            throw read.error(at, e.getMessage(), e);
        }
    }

    /** "2" before "10"; plain string order otherwise. */
    static int naturalOrder(String a, String b) {
        boolean na = a.chars().allMatch(Character::isDigit) && !a.isEmpty();
        boolean nb = b.chars().allMatch(Character::isDigit) && !b.isEmpty();
        if (na && nb) {
            int c = new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
            if (c != 0) return c;
        }
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        return "DeepFluoroSpecimen[" + name() + ", " + projectionIds.size() + " projections]";
    }
}
