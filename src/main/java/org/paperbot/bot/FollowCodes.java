package org.paperbot.bot;

import org.paperbot.store.FollowStore.Follow;
import org.paperbot.store.FollowStore.Kind;

import java.util.Optional;

/** A follow in a button's data: the kind's letter, then the normalised key ("tllm", "abengio"). */
final class FollowCodes {
    private FollowCodes() {
    }

    static String encode(Follow follow) {
        return letter(follow.kind()) + follow.key();
    }

    /** The kind and key in a code, empty if it does not read. */
    static Optional<Follow> decode(String code) {
        if (code.length() < 2) {
            return Optional.empty();
        }
        for (Kind kind : Kind.values()) {
            if (code.charAt(0) == letter(kind)) {
                return Optional.of(new Follow(kind, code.substring(1), code.substring(1)));
            }
        }
        return Optional.empty();
    }

    private static char letter(Kind kind) {
        return switch (kind) {
            case TOPIC -> 't';
            case AUTHOR -> 'a';
            case KEYWORD -> 'k';
        };
    }
}
