package dev.ragtune.knowledge.chunking;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/** Counts cl100k_base tokens, the budget unit for chunk sizes. Thread-safe. */
public final class TokenCounter {

    private final Encoding encoding;

    public TokenCounter() {
        // The registry loads the BPE ranks eagerly; build it once per counter, not per call.
        this.encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        // "Ordinary": documents may legitimately contain strings like "<|endoftext|>"; count them as text.
        return encoding.countTokensOrdinary(text);
    }
}
