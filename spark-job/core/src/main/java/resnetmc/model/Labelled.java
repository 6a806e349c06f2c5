package resnetmc.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum constant with the name used in configs and tables (e.g. {@code res-2}). */
public interface Labelled {
    String label();

    /** The constant with this label, or null when none has it (the caller names the config key). */
    static <E extends Enum<E> & Labelled> E parse(Class<E> type, String label) {
        for (E e : type.getEnumConstants()) {
            if (e.label().equals(label)) {
                return e;
            }
        }
        return null;
    }

    /** The allowed labels, for error messages: "a, b, c". */
    static <E extends Enum<E> & Labelled> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Labelled::label).collect(Collectors.joining(", "));
    }
}
