"""Cleaning, decoding and metadata on page furniture of the kinds scraped news text carries."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.extract import extract, extract_file
from annotate.extract.clean import clean, to_raw
from annotate.extract.decode import decode
from annotate.extract.metadata import detect_language, extract_metadata

EXTRA = Path(__file__).parent / "data" / "extra"

BODY = (
    "The minister said the treaty would be signed next week in Geneva, ending two years of talks.\n\n"
    "Officials from both countries confirmed the date on Monday and said 12 delegations would attend.\n"
)


def _page(*lines: str) -> str:
    return "\n".join(lines)


@pytest.mark.parametrize(
    "furniture",
    [
        "Back to Main page\nWorld\nBusiness & Economy\nSelect the city\nCurrency converter",
        "Most read\n1\nRussian jets scrambled six times over past week - ministry\n2\nSberbank closes first deal",
        "TOP STORIES\nРеклама\nЗаголовок открываемого материала",
        "© Sputnik / Valeriy Melnikov / Go to the mediabank",
        "{{item.group_date}}\n{{item.suffix}}",
        '<span><strong>Read more</strong></span>\n<img src="https://cdn.example.com/x.jpg" alt="A photo" />',
        '<figcaption><a href="/x">Putin calls on NATO to do a deal</a></figcaption>',
        "https://ift.tt/3plosOd 03, 2021 at 12:15AM\nfrom RT – Daily news",
        "34.1 C\nSunday, July 14, 2024",
        "To participate in the discussion\nlog in or register\nSubscribe\nShare",
        "Image source, Getty Images\nImage caption, Shoppers in Tokyo on Monday",
        "Explainer\nWhat does the fall in inflation mean for interest rates?",
        "Keep reading\nlist 1 of 2\nCouncil approves transit plan\nlist 2 of 2\nWhat is left of the budget?",
        "Associated Press writers Lisa Mascaro and Farnoush Amiri contributed to this report.",
        "This interview has been edited for length and clarity.",
    ],
)
def test_furniture_is_dropped(furniture: str) -> None:
    raw = _page(furniture, "", "Treaty to be signed next week, minister says", "", BODY, furniture)
    out = clean(raw)
    assert out.title == "Treaty to be signed next week, minister says"
    assert out.text == "Treaty to be signed next week, minister says\n\n" + BODY.strip()


@pytest.mark.parametrize(
    "meta",
    [
        "Updated: 16 Dec 2022 09:41 | Reading time: 3 min",
        "Published 3 hours ago",
        "4 min read",
        "Posted on March 3, 2021 by Anna Smith",
        "Last updated Friday 10:15 GMT",
        "By Jane Doe and John Smith",
        "By Tom Balmforth, Reuters",
        "By Ursula von der Leyen | Staff writer",
        "Wed 17 Apr 2024 07.00 BST",
        "March 4, 2024 4:52 AM GMT Updated 2 hours ago",
    ],
)
def test_a_meta_line_under_the_headline_is_neither_headline_nor_body(meta: str) -> None:
    out = clean(_page("Treaty to be signed next week, minister says", meta, "", BODY))
    assert out.title == "Treaty to be signed next week, minister says"
    assert out.text == "Treaty to be signed next week, minister says\n\n" + BODY.strip()


@pytest.mark.parametrize(
    "prose",
    [
        "Published in 2019, the report found that 40% of rural schools lacked heating in winter.",
        "Updated rules took effect in 2021 across the bloc, the commission said on Monday.",
        "By Friday, Moscow and Kyiv had exchanged 200 prisoners of war, officials said.",
    ],
)
def test_prose_that_opens_with_a_meta_word_stays(prose: str) -> None:
    assert prose in clean(_page("Treaty to be signed next week, minister says", "", prose, "", BODY)).text


def test_interleaved_caption_and_related_headline() -> None:
    raw = _page(
        "Treaty to be signed next week, minister says",
        "",
        "The minister said the treaty would be signed next week in Geneva, ending two years of talks.",
        "",
        "Russia's President Vladimir Putin (L) and France's President Francois Hollande walk - Sputnik International",
        "Is Russia Main Reason Why Paris Does Not Ask NATO for Help Against ISIL?",
        "Officials from both countries confirmed the date on Monday and said 12 delegations would attend.",
    )
    assert clean(raw).text == "Treaty to be signed next week, minister says\n\n" + BODY.strip()


def test_a_wire_blocks_end_mark_and_foreign_interface_words_are_cut() -> None:
    wire = "BEIJING, Jan. 17 (Xinhua) -- China's economy grew 5.2 percent in 2023, the statistics bureau said."
    assert clean(wire + " Enditem").text == wire
    assert clean(wire + " Подписаться Читать далее").text == wire


def test_a_headline_that_ends_in_a_closing_quote_is_the_title() -> None:
    raw = "Moscow says sanctions “have failed”\n\nMOSCOW, March 5. /TASS/. Sanctions “have failed,” Zakharova said."
    assert clean(raw).title == "Moscow says sanctions “have failed”"


def test_odd_whitespace_normalised_quotes_and_dashes_kept() -> None:
    raw = (
        "Headline of the story goes here\n\n"
        "MOSCOW (Sputnik)\u00a0— The idea of\u00a0creating “a system” isn’t new, he said.\u200b\n"
    )
    out = clean(raw)
    assert "MOSCOW (Sputnik) — The idea of creating “a system” isn’t new, he said." in out.text
    assert "\u00a0" not in out.text and "\u200b" not in out.text


def test_offset_map_points_back_to_raw() -> None:
    raw = "Menu\n\nHeadline of the story goes here\n\n<p>The <b>minister</b> said the talks would resume in May.</p>\n"
    out = clean(raw)
    assert out.text.endswith("The minister said the talks would resume in May.")
    i = out.text.index("minister")
    assert raw[to_raw(out.offset_map, i) :].startswith("minister")
    j = out.text.index("resume")
    assert raw[to_raw(out.offset_map, j) :].startswith("resume")


def test_hard_wrapped_paragraph_is_one_paragraph() -> None:
    raw = (
        "Talks to resume in May, officials say\n\n"
        "The minister said the talks\nwould resume in May after a pause of several months.\n"
    )
    out = clean(raw)
    assert "The minister said the talks would resume in May" in out.text


def test_html_page_with_nav_and_footer() -> None:
    res = extract_file(EXTRA / "page_nav_footer.html")
    doc = res.document
    assert doc.source_format == "html"
    assert doc.title == "Senate passes infrastructure bill after marathon session"
    assert doc.dateline == "WASHINGTON"
    assert doc.published == "--08-10"  # no year in the article itself; never the widget's 2024
    for junk in ("Log in", "Subscribe", "Privacy policy", "House Democrats unveil", "34.1 C", "Example Photo"):
        assert junk not in doc.text
    assert any("$110 billion" in c.numbers for c in res.claims)


def test_single_block_wire_text() -> None:
    res = extract_file(EXTRA / "wire_single_block.txt")
    doc = res.document
    assert (doc.outlet, doc.dateline, doc.published) == ("Reuters", "LONDON", "--03-03")
    texts = [c.text for c in res.claims]
    assert texts[0].startswith("Britain's economy grew 0.4% in January")
    assert not any("Reporting by" in t for t in texts)
    assert len(texts) >= 6


def test_single_block_page_with_inline_furniture_and_a_run_in_headline() -> None:
    res = extract_file(EXTRA / "single_block_inline_furniture.txt")
    doc = res.document
    assert doc.title == "Karelia rules out border talks under pressure"
    assert (doc.outlet, doc.dateline, doc.published) == ("KNA", "Petrozavodsk", "--01-12")
    for junk in ("Also Read", "Timber prices climb", "Related Stories", "Rask to visit Riga", "Photo:"):
        assert junk not in doc.text, junk
    texts = " ".join(c.text for c in res.claims)
    for kept in ("The other side must show that it is serious", "calling it", "fell by more than 30 percent"):
        assert kept in texts, kept
    assert {c.speaker for c in res.claims if c.kind == "quote"} == {"Onni Rask"}
    for c in res.claims:
        assert doc.text[c.start : c.end] == c.text


def test_an_html_page_gives_the_datelines_year_and_a_headline_its_sources_name() -> None:
    page = (
        "<html><head><title>Grain exports hit record, minister says</title>"
        '<meta property="article:published_time" content="2024-02-14T09:30:00Z"></head><body><article>'
        "<h1>Grain exports hit record, minister says</h1>"
        "<p>KYIV, Feb 14 (Reuters) - Ukraine exported a record 5.6 million tonnes of grain in January through its "
        "own corridor, Agriculture Minister Mykola Solskyi said on Wednesday.</p>"
        "<p>The minister said exports could reach 40 million tonnes this season if the corridor stays open.</p>"
        "</article></body></html>"
    )
    res = extract(page)
    assert res.document.published == "2024-02-14"  # the page's date is the dateline's day: its year is known
    head = res.claims[0]
    assert head.text.startswith("Grain exports hit record") and head.restates is not None
    assert head.speaker == "Mykola Solskyi"  # 'minister says' names him through the body it restates


def test_cp1251_file() -> None:
    res = extract_file(EXTRA / "tass_cp1251.txt")
    doc = res.document
    assert doc.encoding == "cp1251"
    assert doc.language == "ru"
    assert (doc.outlet, doc.dateline, doc.published) == ("TASS", "МОСКВА", "--07-13")
    assert doc.title == "Лавров: безопасность должна быть неделимой"
    assert "Реклама" not in doc.text and "Читайте также" not in doc.text


@pytest.mark.parametrize(
    ("name", "encoding"), [("sputnik_utf16.txt", "utf-16"), ("sputnik_utf16le_nobom.txt", "utf-16-le")]
)
def test_utf16_files(name: str, encoding: str) -> None:
    res = extract_file(EXTRA / name)
    assert res.document.encoding == encoding
    assert res.document.outlet == "Sputnik"
    assert res.document.title == "Idea of Euro-Atlantic Collective Security System Remains Relevant - Lavrov"


def test_decode_legacy_and_boms() -> None:
    ru = "Министр иностранных дел России заявил, что безопасность неделима и должна быть общей."
    assert decode(ru.encode("cp1251")) == (ru, "cp1251")
    assert decode("\ufeffhello world".encode()) == ("hello world", "utf-8")
    assert decode(ru.encode("utf-16-be"))[0] == ru


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BERLIN, July 13. /TASS/. The minister said this.", ("TASS", "BERLIN", "--07-13")),
        ("WASHINGTON, Jan. 5, 2021 (Reuters) - The Senate said this.", ("Reuters", "WASHINGTON", "2021-01-05")),
        ("MOSCOW (Sputnik) — The minister said this on Thursday.", ("Sputnik", "MOSCOW", None)),
        ("The minister said this in 2009 and again in 2014.", (None, None, None)),
        (
            "Published 12:04 PM GMT+1, February 23, 2024\n\nBRUSSELS (AP) — The EU said this.",
            ("AP", "BRUSSELS", "2024-02-23"),
        ),
    ],
)
def test_metadata(text: str, expected: tuple) -> None:
    m = extract_metadata(text, text)
    assert (m.outlet, m.dateline, m.published) == expected


def test_a_date_line_between_headline_and_body_is_the_date_a_widget_above_is_not() -> None:
    page = "Sunday, July 14, 2024\n\nRates held, bank says\nBy Jane Doe\n{stamp}\n\nThe bank held rates at 5%, it said."
    for stamp, date in [
        ("Updated 6:14 AM GMT+1, February 13, 2024", "2024-02-13"),
        ("Wed 17 Apr 2024 07.00 BST", "2024-04-17"),
        ("Share", None),  # the weather-widget date above the headline does not count
    ]:
        assert extract(page.format(stamp=stamp)).document.published == date, stamp


def test_outlet_from_a_copyright_line_or_a_source_footer() -> None:
    raw = "The council voted 7-2 on Monday, the mayor said.\n\n© 2024 Springfield Herald. All rights reserved."
    assert extract_metadata(raw, raw).outlet == "Springfield Herald"  # the name stops at its full stop
    raw = "The WHO said the hospital had closed.\n\nSource: Al Jazeera and news agencies"
    assert extract_metadata(raw, raw).outlet == "Al Jazeera"
    raw = "FILE PHOTO. © Getty Images / Sean Gallup\n\nThe ministry said the ban was theft."
    assert extract_metadata(raw, raw).outlet is None  # a photo's credit names the photo's agency, not the outlet


def test_outlet_from_the_masthead_line_only_when_it_is_a_known_outlet() -> None:
    raw = "RT\nNews\nPutin answers questions: key takeaways\n\nThe president spoke for four hours."
    assert extract_metadata(raw, raw).outlet == "RT"
    raw = "Sputnik International\nWorld\nTalks resume in Geneva\n\nDelegates met on Monday."
    assert extract_metadata(raw, raw).outlet == "Sputnik"
    raw = "Home\nWorld\nTalks resume in Geneva\n\nDelegates met on Monday."
    assert extract_metadata(raw, raw).outlet is None  # a menu word is no outlet


def test_year_from_explicit_date_marker_only() -> None:
    raw = " date 2017-07-13 Back to Main page\n\nBERLIN, July 13. /TASS/. Lavrov spoke in 2009 about it."
    assert extract_metadata(raw, raw.split("\n\n")[1]).published == "2017-07-13"
    other = " date 2017-07-14\n\nBERLIN, July 13. /TASS/. Lavrov spoke in 2009 about it."
    assert extract_metadata(other, other.split("\n\n")[1]).published == "--07-13"


def test_html_page_date_copyright_outlet_and_correction_note() -> None:
    page = (
        '<html><head><title>Inflation to fall - The Daily Courier</title><meta property="article:published_time" '
        'content="2024-02-14T08:30:00Z"></head><body><main><h1>Minister: inflation will fall below 5% by summer</h1>'
        "<p>Inflation will fall below 5% by the summer, Finance Minister Carlos Mendes said on Wednesday.</p>"
        "<p>Consumer prices rose 6.2% in the year to January, the National Statistics Office said.</p>"
        "<p><em>This article was amended on 15 February 2024 to correct the January figure.</em></p>"
        "<p>Correction: An earlier version of this article misstated the January figure.</p>"
        "</main><footer>© The Daily Courier 2024 · Contact</footer></body></html>"
    )
    result = extract(page.encode(), filename="page.html")
    assert (result.document.published, result.document.outlet) == ("2024-02-14", "The Daily Courier")
    assert "amended" not in result.document.text and "Correction" not in result.document.text
    assert [c.speaker for c in result.claims if c.kind != "statement"] == [
        "Carlos Mendes",  # the headline 'Minister: ...', through the body claim it restates
        "Carlos Mendes",
        "National Statistics Office",
    ]
    assert result.claims[0].restates == 1


def test_a_weather_widget_date_is_not_a_machine_readable_publication_date() -> None:
    page = (
        "<html><body><div>Sunday, July 14, 2024 · 34 C</div><article><h1>Talks resume in Geneva</h1>"
        "<p>Negotiators resumed talks in Geneva on the treaty, officials from both countries said.</p>"
        "<p>The two sides have met 12 times since the talks began, the foreign ministry said.</p>"
        "</article></body></html>"
    )
    assert extract(page.encode(), filename="page.html").document.published is None


def test_a_markdown_h1_is_the_title_even_when_it_reads_like_a_sentence() -> None:
    raw = '# Interview: "Our grid can run on 80% renewables by 2030."\n\n' + BODY
    result = extract(raw.encode(), filename="interview.md")
    assert result.document.title == 'Interview: "Our grid can run on 80% renewables by 2030."'
    assert result.document.text.startswith(result.document.title + "\n\n" + BODY.split("\n")[0])


def test_places_of_the_world_are_places_and_two_of_them_are_two() -> None:
    from annotate.extract.entities import find_entities

    found = [(e.text, e.label) for e in find_entities("Conflict disrupted programmes in Sudan and Gaza, UNICEF said.")]
    assert ("Sudan", "PLACE") in found and ("Gaza", "PLACE") in found and ("UNICEF", "ORG") in found
    # A place that is also a surname stays a person's name.
    assert ("Michael Jordan", "PERSON") in [(e.text, e.label) for e in find_entities("Michael Jordan said no.")]


def test_cites() -> None:
    text = "The ministry said, according to Reuters. TASS reports the talks ended. He told Interfax more."
    assert extract_metadata(text, text).cites == ["Reuters", "TASS", "Interfax"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The minister said that the talks with the alliance were over and it was time to act.", "en"),
        ("Министр заявил, что переговоры с альянсом завершены и что пора действовать.", "ru"),
        ("Der Minister sagte, dass die Gespräche mit dem Bündnis beendet sind und es Zeit ist.", "de"),
        ("Le ministre a dit que les discussions avec l'alliance sont terminées et qu'il faut agir.", "fr"),
    ],
)
def test_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_claims_skip_questions_fragments_and_datelines() -> None:
    raw = (
        "Talks to resume in May, officials say\n\n"
        "BERLIN, July 13. /TASS/. The talks will resume in May, the ministry said on Thursday.\n\n"
        "Will they succeed? Nobody knows. Officials said 12 delegations would attend the meeting."
    )
    res = extract(raw)
    texts = [c.text for c in res.claims]
    assert "BERLIN, July 13. /TASS/." not in texts
    assert not any(t.endswith("?") for t in texts)
    assert "Nobody knows." not in texts
    assert "Officials said 12 delegations would attend the meeting." in texts
    for c in res.claims:
        assert res.document.text[c.start : c.end] == c.text


def test_a_speakers_title_after_an_inverted_quote_frame_is_no_further_claim() -> None:
    raw = (
        "Japan slips into recession\n\nJapan's economy shrank by 0.4% in the last quarter of 2023.\n\n"
        '"The outlook is uncertain," said Yoshiki Shinke, senior executive economist at Dai-ichi Life Research '
        "Institute."
    )
    assert [(c.kind, c.text) for c in extract(raw).claims][-1:] == [("quote", "The outlook is uncertain")]


# --- entities (light, rule-based) ---


def test_entities() -> None:
    from annotate.extract.entities import find_entities

    text = (
        "Russian Foreign Minister Sergei Lavrov said on Thursday that NATO and the Organization for "
        "Security and Cooperation in Europe ignored the draft treaty of 2009. Prices rose 3.5% to "
        "$4.5 billion in May 2014, Lavrov told Radio Rossii. He spoke in Moscow."
    )
    got = {(e.text, e.label) for e in find_entities(text)}
    for expected in [
        ("Sergei Lavrov", "PERSON"),
        ("Lavrov", "PERSON"),
        ("on Thursday", "DATE"),
        ("NATO", "ORG"),
        ("Organization for Security and Cooperation in Europe", "ORG"),
        ("draft treaty", "DOCUMENT"),
        ("2009", "DATE"),
        ("3.5%", "NUMBER"),
        ("$4.5 billion", "NUMBER"),
        ("in May 2014", "DATE"),
        ("Radio Rossii", "ORG"),
        ("Moscow", "PLACE"),
    ]:
        assert expected in got, expected


# --- the offset map holds for any input ---

_LINES = st.sampled_from(
    [
        "Menu",
        "Share",
        "",
        "34.1 C",
        "© Sputnik / Someone",
        "The minister said the talks would resume next week in Geneva after a pause.",
        "  Officials\u00a0confirmed the <b>date</b> on Monday and said 12 delegations would attend.  ",
        "“It is over. We are done,” Lavrov said &amp; left.",
        "{{item.group_date}}",
        "continued in lowercase on the next line.",
        "Talks to resume next week, minister says",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, max_size=25))
def test_offset_map_runs_copy_raw(lines: list[str]) -> None:
    raw = "\n".join(lines)
    out = clean(raw)
    for cs, rs, n in out.offset_map:
        # Odd spaces, and the newline inside a re-joined hard-wrapped paragraph, become one space.
        assert out.text[cs : cs + n] == raw[rs : rs + n].replace("\u00a0", " ").replace("\n", " ")
    covered = sum(n for _, _, n in out.offset_map)
    # Everything but the synthetic paragraph breaks (and unescaped entities) comes from a run.
    assert covered >= len(out.text.replace("\n\n", "")) - 2 * raw.count("&amp;")


def test_quote_heavy_press_conference_with_interleaved_links() -> None:
    res = extract_file(EXTRA / "press_conference.txt")
    doc = res.document
    assert doc.title == "Zelensky says new air defence systems will arrive 'within weeks'"
    # '14:32, 5 March 2024' between the headline and the body is the story's time stamp.
    assert (doc.outlet, doc.dateline, doc.published) == ("AP", "KYIV", "2024-03-05")
    for junk in ("REUTERS/Gleb", "Read more", "Related:", "Share this", "Follow us", "Most popular", "Putin signs"):
        assert junk not in doc.text, junk
    texts = " ".join(c.text for c in res.claims)
    for kept in ("Every system saves lives.", "2 billion euros", "the supplies only prolong the conflict"):
        assert kept in texts, kept
    assert res.claims[0].restates is not None  # the headline repeats the lede
    for c in res.claims:
        assert doc.text[c.start : c.end] == c.text


def test_script_letter_counts_match_the_letter_classes() -> None:
    """The codec-based Latin/Cyrillic counts equal counting the classes in lines.py, on every code point."""
    from annotate.extract import lines
    from annotate.extract.clean import _cyrillic, _latin

    every = "".join(map(chr, range(0x110000)))
    for lo in range(0, len(every), 0x8000):
        chunk = every[lo : lo + 0x8000]
        assert _latin(chunk) == len(lines.LATIN.findall(chunk)), hex(lo)
        assert _cyrillic(chunk) == len(lines.CYRILLIC.findall(chunk)), hex(lo)
    assert _latin("Åbc ÷×") == 3 and _cyrillic("Ёжик ѐ") == 4


# --- page shapes: standfirsts, live labels, appeals, bios, PDFs, other languages ---


def test_a_standfirst_and_live_label_under_the_headline_are_not_the_title() -> None:
    res = extract_file(EXTRA / "guardian_standfirst.txt")
    doc = res.document
    assert doc.title == "Bank of England holds interest rates at 5.25% as inflation falls faster than expected"
    assert doc.published == "2024-03-21"
    assert "latest updates" not in doc.text and "Explore more" not in doc.text
    assert "Economists said the shift in the voting pattern" in doc.text


def test_a_pdf_paste_is_rejoined_and_dehyphenated_without_losing_lines() -> None:
    res = extract_file(EXTRA / "pdf_hard_wrapped.txt")
    doc = res.document
    assert doc.title == "UN Security Council fails to agree on Gaza resolution"
    assert (doc.outlet, doc.dateline, doc.published) == ("Reuters", "UNITED NATIONS", "--02-20")
    for kept in (
        "vetoed a draft United Nations Security Council resolution",
        "Thirteen council members voted in favour of the Algerian-drafted text, while Britain abstained.",
        "requiring Hamas",
        'peace," U.S. Ambassador Linda Thomas-Greenfield told',
        "the right to life is selective",
        "linked to the release of hostages",
    ):
        assert kept in doc.text, kept
    assert "Page 2 of 3" not in doc.text and "Reporting by" not in doc.text
    for c in res.claims:
        assert doc.text[c.start : c.end] == c.text


def test_subtitle_under_the_byline_block_and_caption_with_credit_are_not_the_title() -> None:
    raw = _page(
        "Support us",
        "Ukraine War Latest: Russian drone strike kills 3 in Odesa",
        "by Martin Fornusek",
        "March 3, 2024 10:44 PM",
        "2 min read",
        "Russian drone strike on a residential building in Odesa kills 3, injures 8",
        "Rescue workers at the site of the strike in Odesa on March 2, 2024. (State Emergency Service / Telegram)",
        BODY,
        "We’ve been covering the war since day one. Support independent journalism in Ukraine and help us keep going.",
        "Martin Fornusek is a reporter at the Kyiv Independent.",
    )
    res = extract(raw)
    assert res.document.title == "Ukraine War Latest: Russian drone strike kills 3 in Odesa"
    assert res.document.published == "2024-03-03"
    assert res.document.text == res.document.title + "\n\n" + BODY.strip()


@pytest.mark.parametrize(
    "furniture",
    [
        "Editor’s Note: This story contains graphic descriptions of violence.",
        "Sign up for CNN’s Meanwhile in the Middle East newsletter, a three-times-a-week look inside the region’s "
        "biggest stories.",
        "As a subscriber, you have 10 gift articles to give each month. Anyone can read what you share.",
        "Add Axios as your preferred source to see more of our stories on Google.",
        "A version of this article appears in print on Feb. 14, 2024, Section A, Page 1 of the New York edition.",
    ],
)
def test_notes_and_appeals_to_the_reader_are_dropped(furniture: str) -> None:
    raw = _page("Treaty to be signed next week, minister says", "", furniture, "", BODY, furniture)
    assert clean(raw).text == "Treaty to be signed next week, minister says\n\n" + BODY.strip()


@pytest.mark.parametrize(
    "prose",
    [
        "Donors pledged to support independent journalism in Belarus, the group said.",
        "John Smith is a former reporter who was jailed in Iran for 500 days.",
        "Evan Gershkovich is a Wall Street Journal reporter detained in Russia since March 2023.",
    ],
)
def test_news_about_journalism_and_journalists_stays(prose: str) -> None:
    out = clean(_page("Treaty to be signed next week, minister says", "", BODY, prose))
    assert out.text.endswith(prose)


def test_an_author_bio_and_a_dangling_colon_line_at_the_end_are_dropped() -> None:
    for tail in ("Karoun Demirjian is a Times reporter covering Congress and national security.", "Mehr zum Thema:"):
        out = clean(_page("Treaty to be signed next week, minister says", "", BODY, tail))
        assert out.text == "Treaty to be signed next week, minister says\n\n" + BODY.strip(), tail


def test_cnn_dateline_on_one_line_or_three() -> None:
    body = "The Israeli military said Tuesday it had killed a senior Hamas commander in central Gaza."
    for lead in (f"Jerusalem\nCNN\n — \n{body}", f"Jerusalem CNN — {body}"):
        res = extract(_page("Israeli military says it killed Hamas commander", "", lead, "", BODY))
        assert (res.document.dateline, res.document.outlet) == ("Jerusalem", "CNN")
        assert res.claims[1].text.startswith("The Israeli military said")


def test_ria_dateline_with_an_abbreviated_month_and_a_numeric_date() -> None:
    raw = _page(
        "Лавров заявил, что Запад не готов к переговорам по Украине",
        "03.03.2024",
        "Лавров: Запад не готов к серьезному разговору по Украине",
        "© РИА Новости / Пресс-служба МИД России",
        "МОСКВА, 3 мар — РИА Новости. Запад не готов к серьезным переговорам по урегулированию на Украине, "
        "заявил министр иностранных дел России Сергей Лавров.",
        "",
        "По словам министра, Москва открыта к диалогу, который учитывает реалии на земле.",
    )
    doc = extract(raw).document
    assert doc.title == "Лавров заявил, что Запад не готов к переговорам по Украине"
    assert (doc.outlet, doc.dateline, doc.published, doc.language) == ("RIA Novosti", "МОСКВА", "2024-03-03", "ru")


def test_german_page_short_headline_over_its_stand_line() -> None:
    raw = _page(
        "Startseite",
        "Bundestag beschließt Cannabis-Legalisierung",
        "Stand: 23.02.2024 14:12 Uhr",
        "Der Bundestag hat am Freitag mit deutlicher Mehrheit die teilweise Legalisierung von Cannabis beschlossen.",
        "",
        "Die Union kündigte an, das Gesetz im Falle eines Wahlsiegs wieder rückgängig zu machen.",
    )
    doc = extract(raw).document
    assert (doc.title, doc.published, doc.language) == (
        "Bundestag beschließt Cannabis-Legalisierung",
        "2024-02-23",
        "de",
    )
    assert "Stand:" not in doc.text


def test_html_h1_wins_over_a_different_og_title() -> None:
    page = (
        '<html><head><meta property="og:title" content="Chile wildfires: thousands flee as death toll rises">'
        "<title>Chile wildfires: thousands flee as death toll rises</title></head><body><article>"
        "<h1>Wildfires force thousands to flee in Chile</h1>"
        f"<p>{BODY.splitlines()[0]}</p><p>{BODY.splitlines()[2]}</p></article></body></html>"
    )
    doc = extract(page, filename="page.html").document
    assert doc.title == "Wildfires force thousands to flee in Chile"
    assert doc.text.count("Chile") == 1


def test_a_lede_full_of_names_is_prose_not_a_title_case_headline() -> None:
    raw = (
        "Sergei Lavrov met his Turkish counterpart on Monday.\n\n"
        "The minister said the sides had agreed to meet again in March.\n"
    )
    text = clean(raw).text
    assert text.startswith("Sergei Lavrov met his Turkish counterpart on Monday.")
    # A Title Case headline still is one: short verbs and pronouns capitalised.
    assert clean("Lavrov Met His Turkish Counterpart On Monday\n\n" + raw).title == (
        "Lavrov Met His Turkish Counterpart On Monday"
    )


def test_a_testimonial_signature_under_its_quote_names_the_speaker() -> None:
    raw = (
        "Voters speak out on the election\n\n"
        "We asked readers what they think of the race for governor this year.\n\n"
        '"The governor has broken every promise he made on schools and taxes."\n'
        "- Carla Sanchez, teacher, Tucson\n\n"
        '"I will vote for him again because the economy grew by 4 percent."\n'
        "- Tom Reyes\n\n"
        '"The turnout was the highest in a decade, with lines around the block in every ward."\n'
        "- Getty Images\n\n"
        "Share this article\n"
    )
    result = extract(raw.encode(), "readers.txt")
    quotes = [(c.text, c.speaker) for c in result.claims if c.kind == "quote"]
    assert quotes[:2] == [
        ("The governor has broken every promise he made on schools and taxes.", "Carla Sanchez"),
        ("I will vote for him again because the economy grew by 4 percent.", "Tom Reyes"),
    ]
    assert all(c.speaker != "Getty Images" for c in result.claims)  # a credit line signs nothing
    assert not any(c.text.lstrip("- ").startswith(("Carla", "Tom")) for c in result.claims)  # no claim of its own
    assert "Share this article" not in result.document.text


def test_a_wire_services_rights_notice_is_no_claim() -> None:
    text = (
        "WASHINGTON (AP) — The agency will cap the number of flights at the airport through the summer, "
        "its administrator said on Wednesday.\n\n"
        "Copyright 2025 The Associated Press. All rights reserved. This material may not be published, broadcast, "
        "rewritten or redistributed without permission."
    )
    res = extract(text)
    assert [c.text[:14] for c in res.claims] == ["The agency wil"]
    assert "rights reserved" not in res.document.text


def test_a_dash_sourced_headline_over_its_standfirst() -> None:
    text = (
        "News\nRussia\nWorld News\n\n"
        "Moscow will respond to any new deployment of missiles in Europe – Ryabkov\n"
        "Russia’s deputy foreign minister said the country has the means to neutralize the threat\n"
        "{{item.group_date}}\n\n"
        "Moscow will take countermeasures if missiles are deployed in Germany, Deputy Foreign Minister Sergey "
        "Ryabkov has warned.\n\n"
        "Speaking to journalists on Wednesday, the senior diplomat said that Russia would not be drawn into an "
        "arms race, but that it has everything it needs to guarantee its security."
    )
    res = extract(text)
    assert res.document.title == "Moscow will respond to any new deployment of missiles in Europe – Ryabkov"
    assert {c.speaker for c in res.claims} == {"Sergey Ryabkov"}


def test_related_topics_inside_a_single_block_are_cut_out() -> None:
    text = (
        "Oil prices jump after surprise cut\n\n"
        "Oil prices jumped more than 5% on Monday after producers unexpectedly announced a cut in output of about "
        "1.1 million barrels per day from May. Brent crude rose to $84.50 a barrel in early trading in Asia. "
        'The cut is "a precautionary measure aimed at supporting the stability of the oil market," Saudi '
        "Arabia's energy ministry said in a statement. Official figures show stocks fell 2% in March. "
        "Related Topics: Oil, Saudi Arabia. More on this story: Why petrol prices are still high. Analysts at "
        "Harbour Economics said the cut would add about 0.2 percentage points to global inflation."
    )
    res = extract(text)
    assert "Related Topics" not in res.document.text and "More on this story" not in res.document.text
    assert res.document.text.endswith("0.2 percentage points to global inflation.")
    speakers = {c.text[:14]: c.speaker for c in res.claims}
    assert speakers['The cut is "a '] == "Saudi Arabia's energy ministry"
    assert speakers["Official figur"] is None  # 'Official' is no one's name
