package org.crossview.data;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed reads from a jHDF file, every failure turned into a {@link DeepFluoroFormatException} naming the file
 * and the HDF5 path. Numeric datasets of any integer or float type are accepted and converted, since the
 * layout's dtypes are a convention (xReg writes float32) rather than a contract other writers always keep.
 */
final class H5Read {
    private final Path file;

    H5Read(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    DeepFluoroFormatException error(String hdfPath, String problem) {
        return new DeepFluoroFormatException(file, hdfPath, problem);
    }

    DeepFluoroFormatException error(String hdfPath, String problem, Throwable cause) {
        return new DeepFluoroFormatException(file, hdfPath, problem, cause);
    }

    static String join(Group parent, String name) {
        String p = parent.getPath();
        if (p.isEmpty() || p.equals("/")) return "/" + name;
        return (p.endsWith("/") ? p : p + "/") + name;
    }

    /** Children by name, sorted; wraps jHDF failures (a truncated file typically fails here). */
    Map<String, Node> children(Group g) {
        try {
            return new TreeMap<>(g.getChildren());
        } catch (DeepFluoroFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw error(pathOf(g), "cannot list the group's members (file damaged or truncated?): " + e.getMessage(), e);
        }
    }

    boolean has(Group g, String name) {
        return children(g).containsKey(name);
    }

    Group group(Group parent, String name) {
        Node n = children(parent).get(name);
        if (n == null) throw error(join(parent, name), "missing group (the group " + pathOf(parent) + " has " + children(parent).keySet() + ")");
        if (!(n instanceof Group g)) throw error(join(parent, name), "expected a group, found a dataset");
        return g;
    }

    Dataset dataset(Group parent, String name) {
        Node n = children(parent).get(name);
        if (n == null) throw error(join(parent, name), "missing dataset (the group " + pathOf(parent) + " has " + children(parent).keySet() + ")");
        if (!(n instanceof Dataset d)) throw error(join(parent, name), "expected a dataset, found a group");
        return d;
    }

    static String pathOf(Node n) {
        String p = n.getPath();
        if (p == null || p.isEmpty()) return "/";
        if (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.startsWith("/") ? p : "/" + p;
    }

    int[] dims(Dataset d) {
        try {
            return d.isScalar() ? new int[0] : d.getDimensions();
        } catch (RuntimeException e) {
            throw error(pathOf(d), "cannot read the dataset's shape: " + e.getMessage(), e);
        }
    }

    private Object rawData(Dataset d) {
        try {
            Object o = d.isScalar() ? d.getData() : d.getDataFlat();
            if (o == null) throw error(pathOf(d), "dataset holds no data");
            return o;
        } catch (DeepFluoroFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw error(pathOf(d), "cannot read the dataset (file damaged or truncated?): " + e.getMessage(), e);
        }
    }

    /** All values of a numeric dataset as float32, in HDF5 (row-major) order. */
    float[] floats(Dataset d) {
        Object o = rawData(d);
        if (o instanceof float[] f) return f;
        if (o instanceof double[] a) {
            float[] f = new float[a.length];
            for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
            return f;
        }
        if (o instanceof byte[] a) { // signed int8; unsigned uint8 comes back widened
            float[] f = new float[a.length];
            for (int i = 0; i < a.length; i++) f[i] = a[i];
            return f;
        }
        if (o instanceof short[] a) {
            float[] f = new float[a.length];
            for (int i = 0; i < a.length; i++) f[i] = a[i];
            return f;
        }
        if (o instanceof int[] a) {
            float[] f = new float[a.length];
            for (int i = 0; i < a.length; i++) f[i] = a[i];
            return f;
        }
        double[] all = doubles(d, o);
        float[] f = new float[all.length];
        for (int i = 0; i < all.length; i++) f[i] = (float) all[i];
        return f;
    }

    /** All values of a numeric dataset as doubles (small datasets: matrices, vectors, scalars). */
    double[] doubles(Dataset d) {
        return doubles(d, rawData(d));
    }

    private double[] doubles(Dataset d, Object o) {
        if (o instanceof Number n) return new double[] {n.doubleValue()};
        if (o instanceof Boolean b) return new double[] {b ? 1 : 0};
        if (!o.getClass().isArray()) throw error(pathOf(d), "expected numbers, found " + describeType(d));
        int n = Array.getLength(o);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            Object x = Array.get(o, i);
            if (x instanceof Number num) out[i] = num.doubleValue();
            else if (x instanceof Boolean b) out[i] = b ? 1 : 0;
            else throw error(pathOf(d), "expected numbers, found " + describeType(d));
        }
        return out;
    }

    String describeType(Dataset d) {
        try {
            return d.getJavaType().getSimpleName() + " " + Arrays.toString(dims(d));
        } catch (RuntimeException e) {
            return "an unreadable type";
        }
    }

    /** Numbers with an exact shape requirement (e.g. (4,4) or (3,1)); a vector may also be stored flat. */
    double[] doubles(Group parent, String name, int... shape) {
        Dataset d = dataset(parent, name);
        requireNumeric(d);
        int[] dims = dims(d);
        int expected = 1;
        for (int s : shape) expected *= s;
        boolean ok = Arrays.equals(dims, shape) || (shape.length == 2 && shape[1] == 1 && dims.length == 1 && dims[0] == shape[0])
                || (shape.length == 2 && shape[1] == 1 && dims.length == 2 && dims[0] == 1 && dims[1] == shape[0]);
        if (!ok) throw error(pathOf(d), "expected shape " + Arrays.toString(shape) + ", found " + Arrays.toString(dims));
        double[] v = doubles(d);
        if (v.length != expected) throw error(pathOf(d), "expected " + expected + " values, found " + v.length);
        for (double x : v) {
            if (!Double.isFinite(x)) throw error(pathOf(d), "non-finite value in " + Arrays.toString(v));
        }
        return v;
    }

    /** One number from a scalar dataset (or a dataset of one element). */
    double scalar(Group parent, String name) {
        Dataset d = dataset(parent, name);
        requireNumeric(d);
        double[] v = doubles(d);
        if (v.length != 1) throw error(pathOf(d), "expected a scalar, found shape " + Arrays.toString(dims(d)));
        if (!Double.isFinite(v[0])) throw error(pathOf(d), "non-finite value " + v[0]);
        return v[0];
    }

    long integer(Group parent, String name) {
        double v = scalar(parent, name);
        if (v != Math.rint(v)) throw error(join(parent, name), "expected an integer, found " + v);
        return (long) v;
    }

    /** A 0/1 flag. */
    boolean flag(Group parent, String name) {
        long v = integer(parent, name);
        if (v != 0 && v != 1) throw error(join(parent, name), "expected 0 or 1, found " + v);
        return v == 1;
    }

    void requireNumeric(Dataset d) {
        Class<?> t;
        try {
            t = d.getJavaType();
        } catch (RuntimeException e) {
            throw error(pathOf(d), "cannot read the dataset's type: " + e.getMessage(), e);
        }
        boolean numeric = t.isPrimitive() ? t != char.class && t != boolean.class : Number.class.isAssignableFrom(t);
        if (!numeric) throw error(pathOf(d), "expected a numeric dataset, found " + t.getSimpleName());
    }

    /** A string from a scalar string dataset (fixed- or variable-length). */
    String string(Group parent, String name) {
        Dataset d = dataset(parent, name);
        Object o = rawData(d);
        if (o instanceof String s) return s.trim();
        if (o.getClass().isArray() && Array.getLength(o) == 1 && Array.get(o, 0) instanceof String s) return s.trim();
        throw error(pathOf(d), "expected a string, found " + describeType(d));
    }

    /** A string attribute, or null when absent. */
    String stringAttribute(Node n, String name) {
        try {
            Attribute a = n.getAttribute(name);
            if (a == null) return null;
            Object o = a.getData();
            if (o instanceof String s) return s.trim();
            if (o.getClass().isArray() && Array.getLength(o) == 1 && Array.get(o, 0) instanceof String s) return s.trim();
            return null;
        } catch (RuntimeException e) {
            throw error(pathOf(n), "cannot read attribute '" + name + "': " + e.getMessage(), e);
        }
    }
}
