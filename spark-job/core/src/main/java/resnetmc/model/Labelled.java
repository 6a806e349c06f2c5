package resnetmc.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An enum constant with the name used in configs and tables (e.g. {@code res-2}). The config reader
 * ({@code resnetmc.config.ConfigReader#enumValue}) turns a label into a constant and writes the one
 * message for a label that is not allowed.
 */
public interface Labelled {
    String label();

    /** The constant with this label, if any. */
    static <E extends Enum<E> & Labelled> Optional<E> find(Class<E> type, String label) {
        for (E e : type.getEnumConstants()) {
            if (e.label().equals(label)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The allowed labels, for error messages: "a, b, c". */
    static <E extends Enum<E> & Labelled> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Labelled::label).collect(Collectors.joining(", "));
    }
}
