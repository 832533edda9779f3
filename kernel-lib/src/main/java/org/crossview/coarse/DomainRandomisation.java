package org.crossview.coarse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which nuisances the training images carry ({@link TrainingImages} draws and applies them). A spec is a
 * comma list read left to right: a base ({@code all}, {@code none} or {@code legacy}), then components added
 * by name ({@code +scatter} or {@code scatter}) or removed ({@code -scatter}): {@code all,-objects,-scatter},
 * {@code none,noise,blur}. {@code legacy} alone is the former log-domain {@link Augmentation#defaults()}
 * (kept for ablations; it takes no components); {@code none} is I0·exp(−DRR) through the real-image
 * preprocessing and nothing else.
 */
public record DomainRandomisation(String spec, Set<Nuisance> components, Augmentation legacy) {
    /**
     * The default of train and register: every nuisance. Transfer ablation (crossview transfer-ablation, 300 steps,
     * seed 1, coarse model alone, mean mTRE): head_sample all 55 mm vs legacy 92, none 100, nominal start 62;
     * chest_wide_sample all 29 mm vs legacy 25, none 26, nominal 52 (every variant beat the nominal start on
     * every chest view); at 1000 steps chest all 27 mm vs legacy 21 (both beat nominal on every view), so on that
     * file the nuisances cost accuracy while on head they are what beats the nominal start. Dropping tissue or objects+collimator
     * changed either file by ≤ 3 mm; they stay on because real X-rays have them (instruments, truncation) and
     * the shared files do not.
     */
    public static final String DEFAULT = "all";

    /** The switchable components (ranges in {@link TrainingImages}). */
    public enum Nuisance {
        BONE, NOISE, BLUR, FALLOFF, HEEL, SCATTER, TISSUE, COLLIMATOR, OBJECTS, CONTRAST;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DomainRandomisation {
        components = Collections.unmodifiableSet(components.isEmpty() ? EnumSet.noneOf(Nuisance.class) : EnumSet.copyOf(components));
    }

    public static DomainRandomisation parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--domain-rand: empty (expected e.g. all, none, legacy or all,-objects)");
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(",");
        String base = parts[0].trim();
        if (base.equals("legacy")) {
            if (parts.length > 1) throw new IllegalArgumentException("--domain-rand: 'legacy' takes no components, got '" + spec + "'");
            return new DomainRandomisation("legacy", EnumSet.noneOf(Nuisance.class), Augmentation.defaults());
        }
        EnumSet<Nuisance> on = switch (base) {
            case "all" -> EnumSet.allOf(Nuisance.class);
            case "none" -> EnumSet.noneOf(Nuisance.class);
            default -> throw new IllegalArgumentException("--domain-rand: must start with all, none or legacy, got '" + spec + "'");
        };
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            boolean remove = p.startsWith("-");
            String name = p.startsWith("-") || p.startsWith("+") ? p.substring(1) : p;
            Nuisance n = byKey(name, spec);
            if (remove) on.remove(n);
            else on.add(n);
        }
        return new DomainRandomisation(spec.trim().toLowerCase(Locale.ROOT), on, null);
    }

    /** The former log-domain augmentation (or {@link Augmentation#none()}), for code that still passes one. */
    public static DomainRandomisation legacy(Augmentation a) {
        return new DomainRandomisation(a.equals(Augmentation.none()) ? "legacy:none" : "legacy", EnumSet.noneOf(Nuisance.class), a);
    }

    public boolean isLegacy() {
        return legacy != null;
    }

    public boolean has(Nuisance n) {
        return components.contains(n);
    }

    public boolean needsBoneImage() {
        return isLegacy() ? legacy.needsBoneImage() : has(Nuisance.BONE);
    }

    public boolean needsTissueImages() {
        return has(Nuisance.TISSUE);
    }

    /** The spec with its components spelled out, for logs and the model's info. */
    public String describe() {
        if (isLegacy()) return spec + " (log-domain augmentation)";
        List<String> names = new ArrayList<>();
        for (Nuisance n : components) names.add(n.key());
        return spec + " [" + (names.isEmpty() ? "no nuisances" : String.join(",", names)) + "]";
    }

    private static Nuisance byKey(String key, String spec) {
        for (Nuisance n : Nuisance.values()) if (n.key().equals(key)) return n;
        List<String> known = new ArrayList<>();
        for (Nuisance n : Nuisance.values()) known.add(n.key());
        throw new IllegalArgumentException("--domain-rand: unknown component '" + key + "' in '" + spec + "' (known: " + String.join(", ", known) + ")");
    }
}
