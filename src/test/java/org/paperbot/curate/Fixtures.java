package org.paperbot.curate;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Answers in the real formats: arXiv's Atom feed and OpenReview API v2 notes, built per test. */
final class Fixtures {
    private Fixtures() {
    }

    /** An arXiv Atom feed with one entry per id (version 2), as export.arxiv.org/api/query returns it. */
    static String atom(List<String> ids) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
                      xmlns:arxiv="http://arxiv.org/schemas/atom">
                  <link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>
                  <title type="html">ArXiv Query: id_list</title>
                  <id>http://arxiv.org/api/q</id>
                  <updated>2026-12-01T00:00:00-05:00</updated>
                  <opensearch:totalResults>%d</opensearch:totalResults>
                %s
                </feed>
                """.formatted(ids.size(), ids.stream().map(Fixtures::entry).collect(Collectors.joining("\n")));
    }

    static String entry(String id) {
        return """
                  <entry>
                    <id>http://arxiv.org/abs/%1$sv2</id>
                    <updated>2024-03-11T17:57:11Z</updated>
                    <published>2023-10-16T17:57:11Z</published>
                    <title>A Paper Numbered
                      %1$s</title>
                    <summary>  We study something
                  important about %1$s.
                    </summary>
                    <author><name>Ada Lovelace</name></author>
                    <author><name>Alan Turing</name><arxiv:affiliation>Manchester</arxiv:affiliation></author>
                    <arxiv:comment>ICLR 2024 spotlight</arxiv:comment>
                    <arxiv:journal_ref>Published at ICLR 2024 (Spotlight)</arxiv:journal_ref>
                    <link href="http://arxiv.org/abs/%1$sv2" rel="alternate" type="text/html"/>
                    <link title="pdf" href="http://arxiv.org/pdf/%1$sv2" rel="related" type="application/pdf"/>
                    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
                    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
                    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
                  </entry>""".formatted(id);
    }

    /** What arXiv answers for an id it cannot parse: a feed with one error entry. */
    static String atomError(String badId) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <title>ArXiv Query</title>
                  <entry>
                    <id>http://arxiv.org/api/errors#incorrect_id_format_for_%1$s</id>
                    <title>Error</title>
                    <summary>incorrect id format for %1$s</summary>
                  </entry>
                </feed>
                """.formatted(badId);
    }

    /** An OpenReview API v2 note (GET /notes?id=…), every field as content.<name>.value. */
    static String note(String id, String title, String venue, String venueId) {
        return """
                {"notes": [{
                  "id": "%1$s", "forum": "%1$s", "number": 4021, "cdate": 1695062344000,
                  "invitations": ["ICLR.cc/2024/Conference/-/Submission"],
                  "content": {
                    "title": {"value": "%2$s"},
                    "authors": {"value": ["Grace Hopper", "Edsger Dijkstra"]},
                    "authorids": {"value": ["~Grace_Hopper1", "~Edsger_Dijkstra1"]},
                    "keywords": {"value": ["large language models", "alignment"]},
                    "TL;DR": {"value": "A short summary of %1$s."},
                    "abstract": {"value": "We propose a method for %1$s."},
                    "primary_area": {"value": "generative models"},
                    "venue": {"value": "%3$s"},
                    "venueid": {"value": "%4$s"},
                    "pdf": {"value": "/pdf/0123456789abcdef.pdf"},
                    "_bibtex": {"value": "@inproceedings{x}"}
                  }
                }], "count": 1}
                """.formatted(id, title, venue, venueId);
    }

    static String spotlight(String id) {
        return note(id, "Title of " + id, "ICLR 2024 spotlight", "ICLR.cc/2024/Conference");
    }

    static String noNotes() {
        return "{\"notes\": [], \"count\": 0}";
    }

    static Map<String, String> env(FakeSources fake) {
        return Map.of("PAPERBOT_ARXIV_URL", fake.base().toString(), "PAPERBOT_OPENREVIEW_URL", fake.base().toString());
    }
}
