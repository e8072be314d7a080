"""The index's caveats beside each completion rate: one pass over the corpus gives what
`completion_sentence` gives document by document."""

from juesuan import catalog
from juesuan.present import narrative


def test_completion_caveats_are_those_of_each_documents_completion_sentence():
    tables = catalog.load_all()
    expected = {}
    for doc_id in tables["documents"]["doc_id"].to_list():
        s = narrative.completion_sentence(tables, doc_id)
        if s and s.caveats:
            expected[doc_id] = s.caveats
    assert expected, "the real corpus has disputed completion rates"
    assert narrative.completion_caveats(tables) == expected
