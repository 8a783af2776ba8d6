"""attribute() on frames that wire copy uses every day: appositives, affiliations, long intros, roles by other
names. Each test is a sentence shape a reviewer meets in agency reports; the names are invented."""

from __future__ import annotations

from annotate.extract.attribution import attribute
from annotate.extract.segment import split_sentences


def run(text: str) -> list[tuple[str, str, str | None]]:
    """(kind, content, speaker) of every attribution in text."""
    return [(a.kind, text[a.start : a.end], a.speaker) for a in attribute(text, split_sentences(text))]


def speakers(text: str) -> list[str | None]:
    return [speaker for _, _, speaker in run(text)]


def test_content_then_told_a_news_conference_keeps_the_content() -> None:
    # A long object after 'told' that opens no clause is where it was said: the content is before the frame.
    text = (
        "Karelia is ready to reopen the border crossing, but not at any price, Foreign Minister Ilse Varga told a "
        "news conference following talks with her Latvian counterpart Oskar Berzins on Wednesday."
    )
    assert run(text) == [
        ("reported", "Karelia is ready to reopen the border crossing, but not at any price", "Ilse Varga")
    ]
    # ... while 'told reporters the talks had failed' is the frame that opens the content.
    text = "After the meeting, Ilse Varga told reporters in the capital on Friday the talks had failed for good."
    assert run(text) == [("reported", text, "Ilse Varga")]


def test_an_affiliation_or_an_age_between_name_and_verb() -> None:
    text = "“We rank the platforms every quarter,” Mr. Okafor, of Halden Capital Markets, said."
    assert run(text) == [("quote", "We rank the platforms every quarter", "Okafor")]
    text = "Thandi Ann May, 60, a nurse, said she was relieved but still feared the floods."
    assert run(text) == [("reported", text, "Thandi Ann May")]  # 'May' in a name is no modal
    text = "Talks went on.\n\nBritish Prime Minister Thea May said the deal was dead."
    assert speakers(text) == ["Thea May"]


def test_a_title_in_quote_marks_inside_the_frame() -> None:
    text = "“We have had calmer sessions,” delegate Rolf Imre, wearing a “Vote Imre” badge, said with a grin."
    assert run(text) == [("quote", "We have had calmer sessions", "Rolf Imre")]


def test_an_inverted_frame_with_a_role_inside_the_content() -> None:
    text = "The trouble with the plan, says Lena Ruud, an economist at Nordbank, is that it ignores the ports."
    assert run(text) == [("reported", text, "Lena Ruud")]


def test_an_intro_of_several_chunks_before_an_appositive_source() -> None:
    text = (
        "At the Harbour Club, where it costs $70,000 to join, Piet Olsen, the club's manager, suggested that "
        "rivals had simply been badly run."
    )
    assert speakers(text) == ["Piet Olsen"]
    text = "At the final rally of the tour, held near the border, Mara Quist told the crowd the vote was stolen."
    assert run(text) == [
        ("reported", "Mara Quist told the crowd the vote was stolen.", "Mara Quist")
    ]  # the intro is not a trailing frame's content


def test_a_dash_appositive_and_a_state_after_a_town() -> None:
    text = "A representative for the Vela Foods brand - a small family firm - noted that staff get paid leave."
    assert run(text)[0][0] == "reported"
    text = "The show drew a crowd of about 8,000 in Carson, Calif., highlighting the anger on the left."
    assert all(speaker != "Calif" for speaker in speakers(text))


def test_hyphenated_titles_and_roles() -> None:
    text = (
        "UN Secretary-General Aino Kallas has repeatedly said the corridor must reopen.\n\n"
        "The secretary-general said later that she was hopeful."
    )
    assert speakers(text) == ["Aino Kallas", "Aino Kallas"]


def test_a_foreign_ministry_by_its_other_names() -> None:
    text = (
        "Karelian Foreign Minister Ilse Varga met her Latvian counterpart Oskar Berzins on Wednesday.\n\n"
        "The head of the Karelian diplomatic department noted that the treaty had lost its force.\n\n"
        "The Latvian minister added that trade between the two would grow."
    )
    # Karelia is invented, so no nationality places Varga: 'the head of the diplomatic department' is the
    # foreign minister; 'the Latvian minister' is the counterpart, not Varga.
    assert speakers(text) == ["Ilse Varga", "Oskar Berzins"]
    text = (
        "Russian Foreign Minister Ilya Sorin met his Egyptian counterpart Amr Fathy.\n\n"
        "The Egyptian minister said trade would grow.\n\n"
        "The Russian minister said talks would go on."
    )
    assert speakers(text) == ["Amr Fathy", "Ilya Sorin"]  # a nationality that does not fit rules a person out


def test_a_title_case_headline_that_opens_with_its_speaker() -> None:
    text = (
        "Varga Slams Border Deal as 'Surrender'\n\n"
        "The border deal is a surrender, Foreign Minister Ilse Varga said on Friday.\n\n"
        "Varga spoke after talks in Riga."
    )
    assert run(text)[0] == ("reported", "Border Deal as 'Surrender'", "Ilse Varga")
    # A name the article never mentions again is no speaker: 'Protesters Demand ...' names no one.
    assert run("Ministers Slams Border Deal as Surrender\n\nThe deal was signed on Friday.") == []


def test_a_countrys_leader_is_its_president() -> None:
    text = (
        "President Arvo Lind held his annual press conference on Thursday.\n\n"
        "The Karelian leader said the economy would grow by about 3.5% this year."
    )
    assert speakers(text) == ["Arvo Lind"]


def test_a_denial_or_an_admission_of_a_gerund_clause_is_reported() -> None:
    assert run("Talks went on.\n\nMoscow has denied targeting civilian infrastructure.") == [
        ("reported", "Moscow has denied targeting civilian infrastructure.", "Moscow")
    ]
    assert run("Talks went on.\n\nThe senator continued campaigning in Iowa.") == []  # not every -ing is said


def test_he_is_the_nearest_man_or_unnamed_gender_not_the_last_known_man() -> None:
    text = (
        "Kremlin spokesman Pavel Orlov told reporters that talks would go on. “This is escalation,” he said.\n\n"
        "Deputy Foreign Minister Ivo Brandt said the alliance was making a mistake. He pointed out that Moscow "
        "had warned the West many times."
    )
    assert speakers(text) == ["Pavel Orlov", "Pavel Orlov", "Ivo Brandt", "Ivo Brandt"]


def test_in_his_words_and_the_official_of_an_organisation() -> None:
    text = (
        "Kremlin spokesman Pavel Orlov said on Monday that Moscow would respond.\n\n"
        "In his words, the expansion “is an encroachment on our security.”\n\n"
        "The Kremlin official stressed that the response would be military.\n\n"
        "In her opinion, nothing."  # too short to be a claim
    )
    assert run(text)[1:] == [
        ("reported", "the expansion “is an encroachment on our security.”", "Pavel Orlov"),
        ("reported", "The Kremlin official stressed that the response would be military.", "Pavel Orlov"),
    ]


def test_a_headline_opening_with_an_organisation_and_a_colon() -> None:
    text = (
        "Kremlin: Moscow will respond to the alliance's expansion\n\n"
        "Moscow will respond to the expansion, the Kremlin said on Monday."
    )
    assert run(text)[0] == ("reported", "Moscow will respond to the alliance's expansion", "Kremlin")


def test_people_of_a_named_person_are_not_that_person() -> None:
    text = (
        "President Carl Brandt met flood victims on Monday.\n\n"
        "The island, as one of Mr. Brandt's climate advisers pointed out, rarely gets two storms in a week.\n\n"
        "Novak's spokeswoman said the report was false.\n\n"
        "Karelia's top diplomat said talks would go on."
    )
    assert speakers(text) == [
        "Carl Brandt's climate advisers",  # the frame inside the content owns the whole sentence
        "Novak's spokeswoman",  # not the article's main speaker, President Brandt
        "Karelia's top diplomat",  # a president is no diplomat
    ]


def test_a_ministrys_transcript_with_noted_labels_and_questions() -> None:
    from annotate.extract import extract

    text = (
        "Foreign Minister Ilse Varga's answers to questions after talks with Oskar Berzins, Riga, November 20, 2024"
        "\n\nIlse Varga: We have held productive talks. Trade grew by 25 percent last year.\n\n"
        "Question: Ms Varga, how do you assess the prospects for a settlement?\n\n"
        "Ilse Varga: The situation remains difficult. More than 400 people have left since October.\n\n"
        "Question (to Oskar Berzins): Does Latvia support the proposal?\n\n"
        "Oskar Berzins (retranslated from Latvian): Latvia supports any initiative that ends the dispute."
    )
    res = extract(text)
    assert (res.document.published, res.document.dateline) == ("2024-11-20", "Riga")
    said = [(c.kind, c.speaker) for c in res.claims if c.kind != "statement"]
    assert said == [("quote", "Ilse Varga"), ("quote", "Ilse Varga"), ("quote", "Oskar Berzins")]
    assert not any(c.text.startswith(("Question", "Ms Varga, how")) for c in res.claims)  # questions are no claims


def test_the_outlet_is_the_news_organisation_that_reported() -> None:
    from annotate.extract import extract

    text = (
        "Envoy denies report on sanctions talks\n\n"
        "The Voronian Foreign Ministry on Tuesday rejected a report that it had held secret talks on sanctions.\n\n"
        "The Harbour Gazette reported on Monday that officials from both countries met twice in Geneva in October, "
        "citing two diplomats familiar with the matter. According to the outlet, the talks focused on grain "
        "exports and frozen assets.\n\n"
        'Speaking to Fox News, ministry spokeswoman Alina Dravik said the report was "pure fiction." '
        "The newspaper also claimed that a third round had been planned for December."
    )
    said = {c.text[:22]: c.speaker for c in extract(text).claims if c.kind != "statement"}
    assert said == {
        "Envoy denies report on": "Voronian Foreign Ministry",  # the body claim the headline restates
        "The Voronian Foreign M": "Voronian Foreign Ministry",
        "The Harbour Gazette re": "Harbour Gazette",
        "the talks focused on g": "Harbour Gazette",
        "Speaking to Fox News, ": "Alina Dravik",
        "The newspaper also cla": "Harbour Gazette",  # the outlet that spoke, not the one spoken to
    }
    # 'citing two diplomats familiar with the matter' names where the report came from: it is no claim.
    assert not any(c.text.startswith("two diplomats") for c in extract(text).claims)


def test_a_group_including_a_named_member_is_that_member() -> None:
    text = "Several senators, including Lena Park, said the bill should be sent back to committee."
    assert run(text) == [("reported", text, "Lena Park")]
    # A group with a name of its own keeps it: 'Some Republicans, including ...'.
    text = "Some Republicans, including Lena Park, said the bill should be sent back to committee."
    assert speakers(text) == ["Republicans"]


def test_a_participle_after_a_quote_is_no_inverted_frame() -> None:
    # ', promising the Friends of Abe will ...': the object of 'promising', not who spoke.
    text = (
        "Okafor said the members will still meet for dinners, but said, “It’s time we change how we do it,” "
        "promising the Friends of Abe will return to its roots."
    )
    assert speakers(text) == ["Okafor"]


def test_a_xinhua_report_with_its_stamp_and_a_family_name_first() -> None:
    from annotate.extract import extract

    text = (
        "Home | Latest | China | World | Business\n\n"
        "China, Karelia pledge closer cooperation on energy\n\n"
        "Source: Xinhua\nEditor: Huang Wei\n2025-06-12 21:04:15\n\n"
        "ASTANA, June 12 (Xinhua) -- Chinese Premier Li Wenhao held talks with Karelian Prime Minister Olli Vaara "
        "in Astana on Thursday.\n\n"
        "Li said China is ready to expand trade, which reached 43.8 billion U.S. dollars last year."
    )
    res = extract(text)
    assert (res.document.outlet, res.document.dateline, res.document.published) == ("Xinhua", "ASTANA", "2025-06-12")
    assert res.claims[1].text.startswith("Chinese Premier Li Wenhao held talks")  # no '- ' left of the '--'
    assert res.claims[-1].speaker == "Li Wenhao"  # a Chinese family name comes first


def test_the_head_of_an_agency_is_the_official_who_leads_it() -> None:
    text = (
        "The head of the Federal Aviation Administration said Wednesday that the agency will cap flights.\n\n"
        "“Safety is the only thing that matters here,” FAA Administrator Janet Corliss said at a briefing.\n\n"
        "The Voronian embassy in Brussels did not immediately respond to a request for comment."
    )
    assert speakers(text) == ["Janet Corliss", "Janet Corliss", "Voronian embassy"]
    text = "Imports rose 18% last year to 2.1 million tonnes, according to Eurostat data."
    assert speakers(text) == ["Eurostat"]  # who published the data


def test_a_headline_naming_its_source_by_role_takes_the_body_speaker() -> None:
    from annotate.extract import extract

    text = (
        "Karelian chief diplomat slams 'double standards' on border deal\n\n"
        "TALLINN (Sputnik) — Western countries apply double standards on the border deal, Karelian Foreign "
        "Minister Ilse Varga said on Friday."
    )
    head = extract(text).claims[0]
    assert (head.text[:24], head.speaker, head.restates) == ("Karelian chief diplomat ", "Ilse Varga", 1)
