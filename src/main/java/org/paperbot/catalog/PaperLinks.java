package org.paperbot.catalog;

import java.net.URI;
import java.util.Optional;

public record PaperLinks(URI pdf, URI openReview, Optional<URI> arxiv) {
}
