package org.radpost.viewer.view;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Window presets per modality. CT has the classic soft tissue, lung, bone and brain windows; every modality has
 * AUTO: the window stored in the image, else its full pixel range (the usual choice for MR, CR and DX).
 */
public enum WindowPreset {
    AUTO("Auto", null, "*"),
    SOFT_TISSUE("Soft tissue", new WindowLevel(40, 400), "CT"),
    LUNG("Lung", new WindowLevel(-600, 1500), "CT"),
    BONE("Bone", new WindowLevel(400, 1800), "CT"),
    BRAIN("Brain", new WindowLevel(40, 80), "CT");

    private final String label;
    private final WindowLevel windowLevel;
    private final String modality;

    WindowPreset(String label, WindowLevel windowLevel, String modality) {
        this.label = label;
        this.windowLevel = windowLevel;
        this.modality = modality;
    }

    public String label() {
        return label;
    }

    /** The fixed window, or empty for AUTO. */
    public Optional<WindowLevel> windowLevel() {
        return Optional.ofNullable(windowLevel);
    }

    /** The presets offered for a modality, AUTO first. */
    public static List<WindowPreset> forModality(String modality) {
        return Arrays.stream(values()).filter(p -> p.modality.equals("*") || p.modality.equalsIgnoreCase(modality)).toList();
    }
}
