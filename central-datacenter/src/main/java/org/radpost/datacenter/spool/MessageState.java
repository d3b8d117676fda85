package org.radpost.datacenter.spool;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;

/**
 * Where a received message stands in the queued half of the pipeline: the stage that runs next, or one of the
 * three ends. The database keeps the lower-case token, as it always has.
 */
public enum MessageState {
    ROUTE("route"),
    /** Deliveries to de-identified viewers get their own de-identified copy. */
    DEIDENTIFY("deidentify"),
    DELIVER("deliver"),
    PRIORS("priors"),
    ARCHIVE("archive"),
    /** Every queued stage ran. */
    DONE("done"),
    /** Held for an administrator: valid, but no destination it may go to (see the quarantine). */
    QUARANTINED("quarantined"),
    /** A stage kept failing until the attempts ran out; an operator retries it ({@code datacenter retry}). */
    FAILED("failed");

    private final String token;

    MessageState(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** True when no worker will pick the message up again by itself. */
    public boolean isEnd() {
        return this == DONE || this == QUARANTINED || this == FAILED;
    }

    public static MessageState fromToken(String token) {
        return Arrays.stream(values()).filter(s -> s.token.equals(token)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown message state '" + token + "' in the message table"));
    }

    /** Stores the token. */
    @Converter(autoApply = true)
    public static final class Column implements AttributeConverter<MessageState, String> {
        @Override
        public String convertToDatabaseColumn(MessageState state) {
            return state == null ? null : state.token;
        }

        @Override
        public MessageState convertToEntityAttribute(String token) {
            return token == null ? null : fromToken(token);
        }
    }
}
