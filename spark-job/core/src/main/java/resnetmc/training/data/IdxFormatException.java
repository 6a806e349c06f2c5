package resnetmc.training.data;

import java.io.IOException;

/** An IDX file that is not what it claims (wrong magic number, truncated data); the message names the file. */
public final class IdxFormatException extends IOException {

    public IdxFormatException(String message) {
        super(message);
    }
}
