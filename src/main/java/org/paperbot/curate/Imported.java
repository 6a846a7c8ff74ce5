package org.paperbot.curate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * A paper as a source describes it: the id its file will have, its arXiv id if known (to find it whatever file
 * holds it), and the metadata fields in the catalog's names. {@code source} names it in reports ("OpenReview").
 */
public record Imported(String id, Optional<String> arxivId, ObjectNode fields, String source) {
}
