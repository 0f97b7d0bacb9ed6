"""Events and roles in English sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from tests.extract.helpers import by_name, events, mediators, name, names, run, venues


def test_mediating_between_two_parties(extractor):
    ex = run(extractor, "Qatar and Egypt are mediating between Sudan and Kenya in Doha.", "en")
    assert mediators(ex) == {"Qatar", "Egypt"}
    med = events(ex, "Mediation")[0]
    assert names(ex, med.parties) == {"Sudan", "Kenya"}
    assert med.status == "ongoing"


def test_brokered_truce(extractor):
    ex = run(extractor, "The UN-brokered truce between Sudan and Kenya expired.", "en")
    assert mediators(ex) == {"United Nations"}
    assert names(ex, events(ex, "Mediation")[0].parties) == {"Sudan", "Kenya"}


def test_demonym_mediators(extractor):
    ex = run(extractor, "The Egyptian and Qatari mediators met the delegations in Cairo.", "en")
    assert mediators(ex) == {"Egypt", "Qatar"}
    assert "Cairo" in venues(ex)


def test_ready_to_facilitate_is_a_proposed_mediation(extractor):
    ex = run(extractor, "Norway stands ready to facilitate talks between Sudan and Kenya.", "en")
    med = events(ex, "Mediation")[0]
    assert names(ex, med.mediators) == {"Norway"}
    assert med.status == "proposed"
    assert med.cameo == "039"


def test_venue_not_origin_and_not_dateline(extractor):
    text = "CAIRO, March 3. A Sudanese delegation has arrived in Geneva from Khartoum for talks."
    ex = run(extractor, text, "en")
    assert venues(ex) == {"Geneva"}
    assert "Q1963" in ex.entities  # Khartoum is still an entity


def test_visited_city_and_country_fallback(extractor):
    ex = run(extractor, "The envoy visited Nairobi. He also paid a visit to Norway.", "en")
    assert venues(ex) == {"Nairobi", "Norway"}


def test_un_special_envoy_principal(extractor):
    text = "UN Special Envoy for Sudan Maria Lindqvist met Kenyan officials in Nairobi."
    ex = run(extractor, text, "en")
    assert len(ex.envoys) == 1
    assert name(ex, ex.envoys[0].envoy) == "Maria Lindqvist"
    assert name(ex, ex.envoys[0].principal) == "United Nations"
    meeting = next(e for e in ex.events if e.venues)
    assert {"Maria Lindqvist", "Kenya"} <= names(ex, meeting.participants)


def test_ambassador_is_not_an_envoy(extractor):
    ex = run(extractor, "Egyptian Ambassador Karim Nour met officials in Doha.", "en")
    assert ex.envoys == []


def test_offers_to_host_is_proposed_and_host_mediates(extractor):
    ex = run(extractor, "Norway offers to host Sudan-Kenya peace talks in Oslo.", "en")
    assert "Norway" in mediators(ex)
    assert all(e.status == "proposed" for e in ex.events)


def test_reported_speaker_is_not_a_participant(extractor):
    text = "Talks between Sudan and Kenya will be held in Geneva, Maria Lindqvist said."
    ex = run(extractor, text, "en")
    meeting = next(e for e in ex.events if e.venues)
    assert "Maria Lindqvist" not in names(ex, meeting.participants)
    assert meeting.status == "planned"


def test_weekday_and_month_dates(extractor):
    ex = run(extractor, "Sudanese and Kenyan negotiators met in Geneva on Tuesday.", "en")
    assert next(e for e in ex.events if e.venues).date == dt.date(2026, 3, 3)
    ex = run(extractor, "Sudanese negotiators met in Geneva on March 2.", "en")
    assert next(e for e in ex.events if e.venues).date == dt.date(2026, 3, 2)
    ex = run(extractor, "Sudanese negotiators will meet in Geneva next week.", "en")
    assert next(e for e in ex.events if e.venues).date == dt.date(2026, 3, 9)


def test_title_is_processed_with_its_own_offsets(extractor):
    title = "Oslo hosts talks between Sudan and Kenya"
    ex = run(extractor, "Delegations arrived on Monday.", "en", title=title)
    oslo = ex.entities["Q585"]
    m = oslo.mentions[0]
    assert m.field == "title" and title[m.start : m.end] == "Oslo"
    assert "Oslo" in venues(ex)


def test_extract_many_streams_in_order(extractor):
    from kg.model import Article

    arts = [
        Article(id=f"a{i}", text=t, lang=None)
        for i, t in enumerate(["Talks in Oslo ended.", "وصل الوفد المصري إلى أنقرة.", "Envoy in Geneva."])
    ]
    out = list(extractor.extract_many(arts))
    assert [x.article.id for x in out] == ["a0", "a1", "a2"]
    assert [x.lang for x in out] == ["en", "ar", "en"]


def test_under_the_auspices_names_the_mediators(extractor):
    text = "Sudan and Kenya will hold talks in Nairobi under the auspices of Norway and Qatar."
    ex = run(extractor, text, "en")
    assert mediators(ex) == {"Norway", "Qatar"}
    assert names(ex, events(ex, "Mediation")[0].parties) == {"Sudan", "Kenya"}


def test_mediated_by_takes_the_mediators_after_by(extractor):
    text = "Egypt hosted talks between Sudanese and Kenyan negotiators in Cairo, mediated by Qatar."
    ex = run(extractor, text, "en")
    assert {"Qatar", "Egypt"} <= mediators(ex)
    assert "Sudan" not in mediators(ex)
    assert venues(ex) == {"Cairo"}  # the hosting country yields to the named city


def test_phone_call_is_not_a_meeting(extractor):
    ex = run(extractor, "The Egyptian foreign minister held a phone call with his Qatari counterpart.", "en")
    assert events(ex, "Meeting") == []


def test_speaker_closing_a_list_is_not_a_mediator(extractor):
    text = "Talks will be held in Geneva under the auspices of Norway and Kenya, the Norwegian foreign ministry said."
    ex = run(extractor, text, "en")
    assert mediators(ex) == {"Norway", "Kenya"}
    ministry = [e for e in ex.entities.values() if e.subtype == "Ministry"]
    assert ministry and ministry[0].labels["en"][0] == "Ministry of Foreign Affairs (Norway)"


def test_unknown_place_in_a_meeting_sentence(extractor):
    ex = run(extractor, "The two leaders will meet in Fairbanks on Friday.", "en")
    assert "Fairbanks" in venues(ex)
    assert ex.entities[next(iter(ex.role_holders("Venue")))].type == "LOC"


def test_building_by_its_last_word_and_city_airport(extractor):
    ex = run(
        extractor, "Delegations met at Yildiz Palace in Ankara before leaving from Ankara airport.", "en"
    )
    assert {"Yildiz Palace", "Ankara"} <= venues(ex)
    assert by_name(ex, "Ankara airport").subtype == "Building"


def test_organisation_by_last_word_with_acronym(extractor):
    ex = run(extractor, "Talks between Sudan and the Eastern Liberation Front (ELF) resumed in Geneva.", "en")
    org = by_name(ex, "Eastern Liberation Front")
    assert org is not None and org.type == "ORG" and "ELF" in org.labels["en"]


def test_envoy_with_appositive_name(extractor):
    ex = run(extractor, "The US special envoy for Sudan, Peter Lanning, arrived in Khartoum.", "en")
    assert [(name(ex, r.envoy), name(ex, r.principal)) for r in ex.envoys] == [
        ("Peter Lanning", "United States")
    ]


def test_nameless_envoy_title_refers_to_the_article_envoy(extractor):
    text = "UN Special Envoy Maria Lindqvist arrived in Nairobi. Later the UN envoy visited Oslo."
    ex = run(extractor, text, "en")
    oslo = next(e for e in ex.events if "Q585" in e.venues)
    assert "Maria Lindqvist" in names(ex, oslo.participants)


def test_envoy_principal_behind_adjectives_and_secretary_general(extractor):
    ex = run(extractor, "Norwegian presidential envoy Lars Haugen arrived in Nairobi.", "en")
    assert [(name(ex, r.envoy), name(ex, r.principal)) for r in ex.envoys] == [("Lars Haugen", "Norway")]
    ex = run(
        extractor,
        "The Special Envoy of the Secretary-General for Sudan, Maria Lindqvist, met officials in Geneva.",
        "en",
    )
    assert [name(ex, r.principal) for r in ex.envoys] == ["United Nations"]


def test_mediation_discussed_at_a_meeting_is_a_topic(extractor):
    text = "The Qatari envoy Omar Saleh met Norwegian officials in Oslo to discuss Qatar's mediation between Sudan and Kenya."
    ex = run(extractor, text, "en")
    meeting = next(e for e in ex.events if e.venues)
    assert "Sudan" not in names(ex, meeting.participants)
    assert {"Omar Saleh", "Norway"} <= names(ex, meeting.participants)
    assert mediators(ex) == {"Qatar"}


def test_unnamed_capital_is_the_country_capital(extractor):
    ex = run(extractor, "The Sudanese delegation met the mediators in the Egyptian capital on Monday.", "en")
    assert venues(ex) == {"Cairo"}


def test_city_of_phrase_and_city_country_apposition(extractor):
    ex = run(extractor, "Sudanese delegations resumed talks in the Kenyan city of Nairobi on Monday.", "en")
    assert venues(ex) == {"Nairobi"}
    ex = run(extractor, "Kenyan and Sudanese officials met in Cairo, Egypt, on Tuesday.", "en")
    meeting = next(e for e in ex.events if e.venues)
    assert venues(ex) == {"Cairo"}
    assert "Egypt" not in names(ex, meeting.participants)


def test_envoy_whose_mandate_is_not_an_entity_keeps_the_appositive_name(extractor):
    text = "Norway's special representative for the Great Lakes Region, Ingrid Solberg, arrived in Nairobi."
    ex = run(extractor, text, "en")
    assert [(name(ex, r.envoy), name(ex, r.principal)) for r in ex.envoys] == [("Ingrid Solberg", "Norway")]


def test_talks_not_planned_give_no_venue(extractor):
    text = "The Iranian minister said Tehran was not planning any talks in Oslo."
    ex = run(extractor, text, "en")
    assert "Oslo" not in venues(ex)


def test_denied_mediation_in_english(extractor):
    ex = run(extractor, "Norway denied reports that it was mediating between Sudan and Kenya.", "en")
    assert mediators(ex) == set()
    ex = run(extractor, "Qatar is not only mediating between Sudan and Kenya in Doha.", "en")
    assert mediators(ex) == {"Qatar"}


def test_two_meetings_in_one_sentence_keep_their_own_participants(extractor):
    text = (
        "Minister Omar Haddad met Prime Minister Lina Saber in Nairobi on Monday, "
        "days before Sudanese and Kenyan delegations hold talks in Geneva."
    )
    ex = run(extractor, text, "en")
    by_venue = {names(ex, e.venues).pop(): names(ex, e.participants) for e in ex.events if e.venues}
    assert {"Omar Haddad", "Lina Saber"} <= by_venue["Nairobi"]
    assert not ({"Sudan", "Kenya"} & by_venue["Nairobi"])
    assert {"Sudan", "Kenya"} <= by_venue["Geneva"]
    assert not ({"Omar Haddad", "Lina Saber"} & by_venue["Geneva"])


def test_host_running_a_meeting_of_two_others_is_a_mediator(extractor):
    text = (
        "Minister Omar Haddad met Prime Minister Lina Saber in Doha, where Qatar's "
        "foreign minister Rami Nasser hosted the meeting."
    )
    ex = run(extractor, text, "en")
    assert "Rami Nasser" in mediators(ex)
    med = events(ex, "Mediation")[0]
    assert {"Omar Haddad", "Lina Saber"} <= names(ex, med.parties)


def test_host_of_a_one_sided_meeting_is_no_mediator(extractor):
    ex = run(extractor, "Egypt hosted the meeting of Sudanese officials in Cairo.", "en")
    assert mediators(ex) == set()


def test_nationality_pair_is_not_a_person(extractor):
    ex = run(extractor, "Qatar hosts Sudanese-Kenyan border talks in Doha.", "en")
    assert mediators(ex) == {"Qatar"}
    assert by_name(ex, "Sudanese-Kenyan") is None


def test_the_group_refers_back_to_the_named_armed_group(extractor):
    text = (
        "Sudan Liberation Front officials arrived in Cairo. Egypt is mediating between the group and Kenya."
    )
    ex = run(extractor, text, "en")
    med = events(ex, "Mediation")[0]
    assert set(names(ex, med.parties)) == {"Sudan Liberation Front", "Kenya"}


def test_sides_of_a_ceasefire_are_not_the_meetings_participants(extractor):
    text = (
        "The committee monitoring the ceasefire between Sudan and Kenya met on Monday in Nairobi, "
        "with representatives of Qatar and Egypt taking part."
    )
    ex = run(extractor, text, "en")
    meet = next(e for e in ex.events if e.venues)
    assert {"Qatar", "Egypt"} <= names(ex, meet.participants)
    assert "Kenya" not in names(ex, meet.participants)


def test_host_of_earlier_talks_mediates_between_the_articles_sides(extractor):
    text = (
        "Qatar offered to mediate between Sudan and Kenya on Monday.\n\n"
        "Turkey, which hosted talks in Ankara last year, said it was ready to do so again."
    )
    ex = run(extractor, text, "en")
    assert "Turkey" in mediators(ex)
    med = next(e for e in events(ex, "Mediation") if "Q43" in e.mediators)
    assert set(names(ex, med.parties)) == {"Sudan", "Kenya"}


def test_attending_the_ceremony_places_people_at_the_signing(extractor):
    text = (
        "Sudan and Kenya signed an agreement in Doha on Saturday under the auspices of Qatar.\n\n"
        "Foreign Minister Omar Haddad attended the ceremony."
    )
    ex = run(extractor, text, "en")
    doha = next(e for e in ex.events if "Q3861" in e.venues)
    assert "Omar Haddad" in names(ex, doha.participants)


def test_officials_in_a_city_do_not_make_it_a_venue(extractor):
    text = "Officials in Oslo said the envoy met Sudanese and Kenyan delegates on Monday."
    ex = run(extractor, text, "en")
    assert "Oslo" not in venues(ex)


def test_high_representative_is_an_envoy(extractor):
    text = (
        "The United Nations' high representative for Sudan, Peter Lanning, met Kenyan officials in Nairobi."
    )
    ex = run(extractor, text, "en")
    assert [(name(ex, r.envoy), name(ex, r.principal)) for r in ex.envoys] == [
        ("Peter Lanning", "United Nations")
    ]


def test_people_who_attended_join_the_meeting_just_told(extractor):
    text = (
        "Qatar hosted talks between Sudan and Kenya in Doha on Friday. "
        "Minister Omar Haddad and Prime Minister Lina Saber attended, alongside observers from Norway."
    )
    ex = run(extractor, text, "en")
    doha = next(e for e in ex.events if "Q3861" in e.venues)
    assert {"Omar Haddad", "Lina Saber"} <= names(ex, doha.participants)
