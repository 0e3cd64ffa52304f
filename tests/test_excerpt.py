"""How a quote reads: an export's lead dropped, a long text cut to its most relevant sentences in
their order with "…" where text was left out, and repeats recognised despite a lead."""

import pytest

from analytics.voices import excerpt, gist, without_lead


@pytest.mark.parametrize("text, expected", [
    ("Customer said: pricing went up 15% and we left.", "pricing went up 15% and we left."),
    ("Per Dana: they moved to a cheaper tool", "they moved to a cheaper tool"),
    ("Comment:  Slow exports", "Slow exports"),
    ("10:30 and still no answer", "10:30 and still no answer"),  # a time, not a label
    ("We asked three different people about it: nobody knew", "We asked three different people about it: nobody knew"),
    ("Note:", "Note:"),  # a label with nothing after it stays
])
def test_a_short_opening_label_is_dropped(text, expected):
    assert without_lead(text) == expected


def test_short_text_is_shown_whole():
    assert excerpt("Customer said: too expensive.", 100) == ("too expensive.", False)


def test_long_text_keeps_the_sentences_with_the_theme_in_order():
    text = ("We have used the product for three years. The team is friendly. "
            "But the invoice was wrong again in March. Support took a week to answer. "
            "Billing errors cost us a day of reconciliation every month. Otherwise fine.")
    shown, cut = excerpt(text, 110, terms=("invoice", "billing"))
    assert cut
    assert shown == "… But the invoice was wrong again in March. … Billing errors cost us a day of reconciliation every month. …"
    assert len(shown) <= 120


def test_without_terms_the_opening_sentences_are_kept():
    text = "First point. " * 3 + "A much longer closing sentence that will not fit into the limit at all."
    shown, cut = excerpt(text, 45)
    assert cut and shown == "First point. First point. First point. …"


def test_one_overlong_sentence_is_cut_at_a_word():
    shown, cut = excerpt("word " * 100, 30)
    assert cut and shown.endswith("…") and len(shown) <= 30 and "wor…" not in shown


def test_repeats_are_recognised_despite_a_lead():
    assert gist("Customer said: Too expensive!") == gist("too expensive")
    assert gist("Too expensive") != gist("Too slow")


def test_a_long_quote_card_shows_its_excerpt_and_a_read_all_with_the_whole_text():
    from streamlit.testing.v1 import AppTest

    def card():
        from ui.stories import quote_card
        long = ("Customer said: We have used it for years. " + "The team is kind and quick. " * 12
                + "But the invoice was wrong again and billing took weeks to fix.")
        quote_card(long, ["SMB"], terms=("invoice",))

    at = AppTest.from_function(card).run()
    assert not at.exception
    shown = at.markdown[0].value
    assert "\u2026 But the invoice was wrong again" in shown and "Customer said" not in shown
    assert shown.count("The team is kind") < 12  # sentences left out, where the "…" stands
    whole = at.markdown[1].value  # inside the "Read all" popover
    assert whole.startswith("We have used it for years") and whole.count("The team is kind") == 12


def test_answers_to_two_open_questions_stay_two_paragraphs():
    """A survey's 'like best' and 'dislike' answers, joined by a blank line, read as two paragraphs;
    the spaces and line breaks inside each are made single."""
    text = "The  dashboards are\nclear.\n\n  \nExports   time out at month end."
    assert excerpt(text, 200) == ("The dashboards are clear.\n\nExports time out at month end.", False)


def test_a_long_voice_cut_to_its_opening_keeps_its_title_a_paragraph_apart():
    text = ("Versatile yet stylish\n\nThese jeans are pricy but worth the money. They fit slim through the hips. "
            "They look fabulous with a cropped sweater and flats.")
    shown, cut = excerpt(text, 90)
    assert cut and shown.startswith("Versatile yet stylish\n\nThese jeans are pricy")
