package org.paperbot.catalog;

import java.net.URI;
import java.util.Optional;

/** Where a paper is: its PDF always, its OpenReview forum and its arXiv page when it has them (one of the two at least). */
public record PaperLinks(URI pdf, Optional<URI> openReview, Optional<URI> arxiv) {
}
