"""Entities from the gazetteer, titles, nationality adjectives and patterns."""

from __future__ import annotations

from kg.extract import EXTRACTOR_VERSION
from tests.extract.helpers import by_name, run


def test_gazetteer_names_behind_clitics(extractor):
    ex = run(extractor, "وصل الوفد إلى أنقرة ولإيران موقف واضح وللولايات المتحدة رأي آخر.", "ar")
    assert {"Q3640", "Q794", "Q30"} <= set(ex.entities)
    assert ex.entities["Q794"].type == "LOC"
    assert ex.entities["Q794"].subtype == "Country"
    assert ex.entities["Q3640"].subtype == "City"


def test_mention_offsets_index_the_text_exactly(extractor):
    text = "قال وزيرُ الخارجية النرويجي كارل هامسون إنّ المحادثات في أوسلو مستمرة."
    ex = run(extractor, text, "ar", title="محادثات في أوسلو")
    for ent in ex.entities.values():
        for m in ent.mentions:
            source = text if m.field == "text" else "محادثات في أوسلو"
            assert source[m.start : m.end] == m.text
    fields = {m.field for m in ex.entities["Q585"].mentions}
    assert fields == {"text", "title"}


def test_arabic_title_gives_person_office_and_country(extractor):
    ex = run(extractor, "وصل وزير الخارجية النرويجي كارل هامسون إلى الخرطوم.", "ar")
    person = by_name(ex, "كارل هامسون")
    assert person is not None and person.type == "PER"
    assert person.office == "foreign minister"
    assert person.country == "Q20"
    assert person.key.startswith("PER:")


def test_honorifics_are_not_part_of_the_name(extractor):
    ex = run(extractor, "استقبل أمير قطر الشيخ حمدان بن راشد الكعبي وفدا سودانيا.", "ar")
    assert by_name(ex, "حمدان بن راشد الكعبي") is not None
    assert by_name(ex, "الشيخ حمدان بن راشد الكعبي") is None


def test_name_stops_before_a_verb_or_relative(extractor):
    ex = run(extractor, "وقال الإعلامي سامر الحلبي الذي زار القاهرة إن الوضع صعب.", "ar")
    assert by_name(ex, "سامر الحلبي") is not None


def test_english_title_with_honorifics(extractor):
    ex = run(extractor, "Foreign Minister Datuk Seri Amran Kassim said talks would resume.", "en")
    person = by_name(ex, "Amran Kassim")
    assert person is not None and person.office == "foreign minister"


def test_short_reference_resolves_to_the_same_person(extractor):
    text = "UN special envoy Maria Lindqvist arrived in Nairobi. Lindqvist met Kenyan officials."
    ex = run(extractor, text, "en")
    person = by_name(ex, "Maria Lindqvist")
    assert person is not None
    assert [m.text for m in person.mentions] == ["Maria Lindqvist", "Lindqvist"]
    assert person.mentions[1].kind == "alias"


def test_same_unknown_name_same_key_across_articles(extractor):
    a = run(extractor, "UN special envoy Maria Lindqvist arrived in Nairobi.", "en")
    b = run(extractor, "Talks were led by Maria Lindqvist in Geneva.", "en")
    assert by_name(a, "Maria Lindqvist").key == by_name(b, "Maria Lindqvist").key


def test_nationality_adjective_counts_only_when_the_country_acts(extractor):
    acting = run(extractor, "وصل الوفد السوداني إلى نيروبي.", "ar")
    assert "Q1049" in acting.entities
    idle = run(extractor, "تحدث الكاتب عن القضية السودانية في نيروبي.", "ar")
    assert "Q1049" not in idle.entities


def test_english_demonym_with_acting_noun(extractor):
    ex = run(extractor, "Kenyan officials met Sudanese diplomats in Geneva.", "en")
    assert "Q114" in ex.entities
    assert "Q1049" not in ex.entities


def test_foreign_ministry_with_nisba_is_that_country_ministry(extractor):
    ex = run(extractor, "أعلنت وزارة الخارجية القطرية أن الجولة المقبلة ستعقد في الدوحة.", "ar")
    ministry = [e for e in ex.entities.values() if e.subtype == "Ministry"]
    assert len(ministry) == 1
    assert ministry[0].labels["en"] == ["Ministry of Foreign Affairs (Qatar)"]
    assert ministry[0].country == "Q846"


def test_outlets_by_pattern(extractor):
    ex = run(extractor, "وقال مسؤول لقناة «الشروق الدولية» إن الاجتماع انتهى.", "ar")
    outlet = by_name(ex, "الشروق الدولية")
    assert outlet is not None and outlet.type == "ORG" and outlet.subtype == "Outlet"
    en = run(extractor, "According to the Harbor Gazette newspaper, the talks ended.", "en")
    assert by_name(en, "Harbor Gazette").subtype == "Outlet"
    agency = run(extractor, "The official Lakeside News Agency said the visit ended.", "en")
    assert by_name(agency, "Lakeside News Agency") is not None


def test_movement_name_from_pattern(extractor):
    ex = run(extractor, "رحبت حركة النهضة الشعبية بالمبادرة.", "ar")
    org = by_name(ex, "حركة النهضة الشعبية")
    assert org is not None and org.type == "ORG"


def test_byline_is_a_person(extractor):
    ex = run(extractor, "سامي العتيبي (القاهرة)\n\nبحث الوفدان المصري والقطري الأزمة.", "ar")
    assert by_name(ex, "سامي العتيبي").type == "PER"


def test_evidence_carries_the_extractor_version(extractor):
    ex = run(extractor, "وصل الوفد المصري إلى أنقرة لإجراء محادثات.", "ar")
    assert ex.events
    assert all(e.evidence.extractor == EXTRACTOR_VERSION for e in ex.events)


def test_object_of_a_verb_after_a_bare_title_is_not_a_name(extractor):
    ex = run(extractor, "وأكد الرئيس أهمية تعزيز التعاون بين البلدين.", "ar")
    assert [e for e in ex.entities.values() if e.type == "PER"] == []


def test_definite_common_word_ends_an_arabic_name(extractor):
    ex = run(extractor, "وقال الإعلامي سامر خوري الأحداث تتسارع.", "ar")
    assert by_name(ex, "سامر خوري") is not None


def test_named_building_with_a_lower_case_head_is_a_place(extractor):
    from tests.extract.helpers import run, venues

    ex = run(extractor, "The two ministers met at the Riverside palace in Nairobi on Monday.", "en")
    assert "Riverside palace" in venues(ex)


def test_particle_des_inside_a_gazetteer_name(extractor):
    from tests.extract.helpers import by_name, run

    ex = run(extractor, "Delegations from Sudan and Kenya met in the Maison des Congres on Monday.", "en")
    assert by_name(ex, "Maison des Congres") is not None


def test_a_states_army_is_an_organisation(extractor):
    from tests.extract.helpers import by_name, run

    ex = run(extractor, "Officers of the Sudanese army met Kenyan officials in Nairobi.", "en")
    army = by_name(ex, "Sudanese army")
    assert army is not None and army.type == "ORG"
    ex = run(extractor, "التقى قائد الجيش السوداني مسؤولين كينيين في نيروبي.", "ar")
    army = by_name(ex, "الجيش السوداني")
    assert army is not None and army.type == "ORG"


def test_capital_word_before_a_shared_name_picks_the_city(extractor):
    from tests.extract.helpers import run, venues

    ex = run(extractor, "ستعقد المحادثات بين السودان وكينيا في العاصمة تونس الشهر المقبل.", "ar")
    assert venues(ex) == {"Tunis"}


def test_arabic_alliance_and_committee_names_are_organisations(extractor):
    from tests.extract.helpers import by_name, run

    ex = run(extractor, "التقى الوفد تحالف القوى المدنية في نيروبي.", "ar")
    org = by_name(ex, "تحالف القوى المدنية")
    assert org is not None and org.type == "ORG"
