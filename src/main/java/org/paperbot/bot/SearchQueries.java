package org.paperbot.bot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.Optional;

/**
 * Short keys for search queries too long to ride in a button's 64-byte callback data. Kept in memory for a day;
 * a press after a restart or after that gets a polite "search again".
 */
public final class SearchQueries {
    private final Cache<String, String> byKey = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofDays(1))
            .build();

    /** A stable key for the query (same query, same key), 11 characters. */
    public String keyFor(String query) {
        String key = Long.toString(fingerprint(query) & Long.MAX_VALUE, 36);
        byKey.put(key, query);
        return key;
    }

    public Optional<String> query(String key) {
        return Optional.ofNullable(byKey.getIfPresent(key));
    }

    /** 64-bit FNV-1a: stable across runs, collisions irrelevant at this scale. */
    private static long fingerprint(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
