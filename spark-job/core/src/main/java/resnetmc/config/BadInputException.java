package resnetmc.config;

/**
 * Bad input from the user (config, override, path, parameter): the job exits with code 2 and
 * writes nothing. The message names the key and what is allowed.
 */
public final class BadInputException extends RuntimeException {
    private final String key;

    public BadInputException(String key, String message) {
        super(key == null ? message : key + ": " + message);
        this.key = key;
    }

    /** The config key at fault, or null for input that is not a key (a missing file, say). */
    public String key() {
        return key;
    }
}
